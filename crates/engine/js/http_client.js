// The HTTP client side of node:http: ClientRequest, request, get, Agent (to be written).
