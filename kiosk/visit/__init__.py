"""One resident's visit without Qt: the step-by-step session and telling a scanner's burst of
keys from a person typing."""
