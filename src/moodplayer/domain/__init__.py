"""Plain-Python types shared by every layer; imports nothing else from the project."""
