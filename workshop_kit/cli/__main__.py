import sys

from workshop_kit.cli import main

sys.exit(main())
