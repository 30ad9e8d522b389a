-- Times are DATETIME(3) in UTC (the connection's time zone is +00:00).
CREATE TABLE products (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  -- The table collation is case-insensitive, so the unique key makes
  -- "ABC-1" and "abc-1" the same SKU.
  sku         VARCHAR(64)     NOT NULL,
  name        VARCHAR(200)    NOT NULL,
  price_cents BIGINT          NOT NULL,
  -- A last line of defence only: the code decides on locked rows and never
  -- relies on this check to prevent overselling.
  stock       BIGINT          NOT NULL,
  created_at  DATETIME(3)     NOT NULL,
  updated_at  DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_products_sku (sku),
  CONSTRAINT ck_products_stock CHECK (stock >= 0),
  CONSTRAINT ck_products_price CHECK (price_cents >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  -- A customers-api id: another service's table, so no foreign key.
  customer_id  BIGINT UNSIGNED NOT NULL,
  status       VARCHAR(16)     NOT NULL,
  total_cents  BIGINT          NOT NULL,
  created_at   DATETIME(3)     NOT NULL,
  updated_at   DATETIME(3)     NOT NULL,
  confirmed_at DATETIME(3)     NULL,
  canceled_at  DATETIME(3)     NULL,
  PRIMARY KEY (id),
  -- GET /orders filters on status and a created_at range (both, or either).
  KEY ix_orders_status_created (status, created_at),
  KEY ix_orders_created (created_at),
  KEY ix_orders_customer (customer_id),
  CONSTRAINT ck_orders_status CHECK (status IN ('CREATED', 'CONFIRMED', 'CANCELED'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE order_items (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  order_id         BIGINT UNSIGNED NOT NULL,
  product_id       BIGINT UNSIGNED NOT NULL,
  qty              INT             NOT NULL,
  unit_price_cents BIGINT          NOT NULL,
  subtotal_cents   BIGINT          NOT NULL,
  PRIMARY KEY (id),
  -- A product appears at most once per order; the key also serves the
  -- "items of these orders" lookup.
  UNIQUE KEY uq_order_items_order_product (order_id, product_id),
  KEY ix_order_items_product (product_id),
  CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT fk_order_items_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- SPEC §6. A row is inserted as the first write of the transaction that
-- makes the state change and is committed with the response, so a
-- concurrent duplicate blocks on the unique key until the first one ends.
CREATE TABLE idempotency_keys (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  -- The caller (reqctx.Caller.ID()), so one client cannot replay another's.
  scope           VARCHAR(255)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  operation       VARCHAR(32)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- Keys are opaque and case-sensitive.
  idem_key        VARCHAR(255)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- SHA-256 of (operation, path parameters, canonical body).
  fingerprint     BINARY(32)      NOT NULL,
  response_status SMALLINT        NOT NULL,
  -- The exact bytes sent, replayed byte for byte.
  response_body   MEDIUMBLOB      NOT NULL,
  resource_id     BIGINT UNSIGNED NULL,
  created_at      DATETIME(3)     NOT NULL,
  expires_at      DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_idempotency_keys (scope, operation, idem_key),
  KEY ix_idempotency_keys_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
