"""Orders people can read: an order's schedule and the statutory notices, from each TRA's
templates, as accessible HTML and tagged PDF."""
