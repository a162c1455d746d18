// The HTTP server side of node:http (to be written).
