"""The IMU set up by adafruit_lsm6ds itself, its driver object kept as imu.sensor: IMU(..., keep_driver=True),
for the tests and the PC that compare the adapter's burst read with the driver's own reading. The device sets the
chip up register by register (bandlift.hw.imu_setup) and never imports the driver.
"""

# chip -> the adafruit_lsm6ds module of its class (named like the chip)
MODULES = {
    "LSM6DSOX": "adafruit_lsm6ds.lsm6dsox",
    "LSM6DS33": "adafruit_lsm6ds.lsm6ds33",
    "LSM6DS3TRC": "adafruit_lsm6ds.lsm6ds3trc",
    "ISM330DHCX": "adafruit_lsm6ds.ism330dhcx",
    "LSM6DSO32": "adafruit_lsm6ds.lsm6dso32",
}


def configure(imu, name):
    """The driver's class for chip `name` on imu's bus and address, at imu's rate, +-4 g and 1000 dps."""
    from adafruit_lsm6ds import AccelRange, GyroRange, Rate

    s = getattr(__import__(MODULES[name], None, None, (name,)), name)(imu.i2c, imu.address)
    rate = getattr(Rate, "RATE_%d_HZ" % imu.rate_hz)
    s.accelerometer_data_rate = rate
    s.gyro_data_rate = rate
    s.accelerometer_range = AccelRange.RANGE_4G  # the class's own code for +-4 g (the DSO32's differs)
    s.gyro_range = GyroRange.RANGE_1000_DPS
    imu.a_scale = AccelRange.lsb[s.accelerometer_range] * 0.00980665  # mg -> m/s^2
    imu.g_scale = GyroRange.lsb[s.gyro_range] / 1000.0 * 0.017453292519943295  # mdps -> rad/s
    imu.sensor = s
