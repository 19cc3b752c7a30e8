"""OneWindow: one-stop e-government platform."""
