"""One resident's visit without Qt: the step-by-step session, telling a scanner's burst of
keys from a person typing, and the engine steps the window drives (preparing, filing, the
receipt, the rating)."""
