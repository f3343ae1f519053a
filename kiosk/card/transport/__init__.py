"""How APDUs reach the card: the connection (PC/SC, or in-process), command and response APDUs,
secure messaging, and the channel that counts and wraps them."""
