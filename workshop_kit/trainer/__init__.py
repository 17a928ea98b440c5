"""What a trainer does before a workshop, without Python: start a community from census tables,
check its folder, and rehearse a workshop with simulated phones.

Above the activities and the apps (it checks an activity's sample files and drives the same
answer path a phone uses), below the command line, which only parses options and prints.
"""
