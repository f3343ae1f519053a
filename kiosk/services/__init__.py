"""The long-lived services the kiosk hands its screens, composed above the backend and card
packages: built on first use so that the home screen paints before the heavy parts load."""
