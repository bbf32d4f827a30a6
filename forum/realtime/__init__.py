"""Live updates over Socket.IO: events queued by services, sent after commit."""
