-- Each service owns one schema (SPEC §7). Run by `make run` (scripts/lib/db.sh)
-- and by the mysql:8.0 container on its first start (docker-compose.yml).
-- Idempotent: running it again changes nothing.
CREATE DATABASE IF NOT EXISTS `customers` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS `orders` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
