"""A visit's engine steps the window drives: preparing, filing, the receipt, the rating."""
