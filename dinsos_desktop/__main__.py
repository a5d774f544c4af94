import sys

from dinsos_desktop.app import main

sys.exit(main())
