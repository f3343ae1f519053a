"""Opening the chip: the keys a resident gives (CAN, birth date, expiry), then PACE, else BAC."""
