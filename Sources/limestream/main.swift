print("limestream")
