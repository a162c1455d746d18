-- wrk script for the HTTP echo scenario: every request is a POST of a 4 KiB body.
wrk.method = "POST"
wrk.body = string.rep("0123456789abcdef", 256)
wrk.headers["Content-Type"] = "application/octet-stream"
