-- Email uniqueness is case-insensitive, but utf8mb4_unicode_ci also folds
-- accents (jose@ = josé@), so two distinct addresses collided. The key is
-- already lower-cased: compare it byte for byte.
ALTER TABLE customers DROP INDEX uq_customers_email_live, DROP COLUMN email_live;
ALTER TABLE customers
  ADD COLUMN email_live VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
    GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN LOWER(email) END) STORED,
  ADD UNIQUE KEY uq_customers_email_live (email_live);
