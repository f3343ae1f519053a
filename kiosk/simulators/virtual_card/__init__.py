"""A virtual CCCD: BAC, secure messaging, the LDS file tree, fault modes, a vpcd client."""
