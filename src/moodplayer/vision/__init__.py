"""Camera frames to a mood: camera sources, face detection, the emotion CNN and the vote. No Qt here."""
