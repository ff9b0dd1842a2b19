"""gunicorn settings for every API server we start (`-c python:<this module>`)."""

# Clients poll while they wait (the openstack CLI's --wait every 2 s, Tempest every second).
# With gunicorn's default 2 s keep-alive the server closes an idle connection at the moment
# the client reuses it, and the client sees "Connection reset by peer" on a GET it does not
# retry. Closing the connection after every response rules that race out; a TLS-terminating
# proxy in front keeps its own client connections alive.
keepalive = 0
