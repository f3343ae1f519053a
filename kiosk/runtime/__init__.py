"""The kiosk process on its machine, below every other engine package (it imports none of
them): systemd notifications and watchdog pings, redacting log files, start-up clean-up after
a crash, and crash-safe file replacement."""
