"""The music library on disk: tags (mutagen), the mood-folder scanner and safe file operations. No Qt."""
