"""The game's pictures on the PC: the art packed for the device, the walk through every screen, the renders."""
