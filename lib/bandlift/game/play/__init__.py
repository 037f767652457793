"""The game while a set is played: the HUD and the per-phase feel, loaded when a set starts, let go when it ends."""
