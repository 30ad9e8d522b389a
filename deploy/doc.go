// Package deploy holds the tests of the running machinery that lives
// outside the services: docker-compose.yml and its Dockerfile, and
// db/schema.sql, the reference DDL generated from the migrations.
package deploy
