"""How the kiosk starts: the console command, the composition of the window and its services
(demo or production), the crash handler and the first-frame probe."""
