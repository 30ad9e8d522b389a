CREATE TABLE customers (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  name       VARCHAR(120)    NOT NULL,
  email      VARCHAR(254)    NOT NULL,
  phone      VARCHAR(32)     NULL,
  created_at DATETIME(3)     NOT NULL,
  updated_at DATETIME(3)     NOT NULL,
  deleted_at DATETIME(3)     NULL,
  -- Live customers' emails, lower-cased; NULL once deleted, so the unique
  -- index below lets a deleted customer's email be registered again.
  email_live VARCHAR(254) GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN LOWER(email) END) STORED,
  PRIMARY KEY (id),
  UNIQUE KEY uq_customers_email_live (email_live),
  KEY ix_customers_deleted_at (deleted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
