module github.com/b2b-backoffice/deploy

go 1.26.0

replace github.com/b2b-backoffice/platform => ../platform
