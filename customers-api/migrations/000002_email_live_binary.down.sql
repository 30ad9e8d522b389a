ALTER TABLE customers DROP INDEX uq_customers_email_live, DROP COLUMN email_live;
ALTER TABLE customers
  ADD COLUMN email_live VARCHAR(254)
    GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN LOWER(email) END) STORED,
  ADD UNIQUE KEY uq_customers_email_live (email_live);
