"""The motion core: from IMU samples to reps, phases and form (entry point: core.MotionCore)."""
