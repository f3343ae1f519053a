"""Reading the chip ID card (CCCD): PC/SC transport, BAC, secure messaging, LDS, passive auth."""
