"""The domain's words and model: what an exercise, a pack and homework are, the problems a pack
can have, how long things last, and the sentences regulate says about them. Nothing here reads a
file or draws a screen."""
