-- Demo data (SPEC §8): the brief's own example (customer_id 1, product_id 2)
-- works on a fresh start. Loaded by `make run` / `make seed` and by the
-- compose `seed` job, always after both services have migrated (the tables
-- are theirs). Idempotent: rows are inserted with explicit ids, and a row
-- that already exists is left exactly as it is (no duplicate, no error, no
-- reset of stock that orders have since taken).

INSERT INTO `customers`.`customers` (id, name, email, phone, created_at, updated_at)
VALUES (1, 'ACME', 'ops@acme.com', '+1-555-0100', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
ON DUPLICATE KEY UPDATE id = id;

INSERT INTO `orders`.`products` (id, sku, name, price_cents, stock, created_at, updated_at)
VALUES
  (1, 'ACC-MOUSE-01', 'Wireless mouse', 2599, 500, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)),
  (2, 'LAP-PRO-14', 'Laptop Pro 14', 129900, 100, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
ON DUPLICATE KEY UPDATE id = id;
