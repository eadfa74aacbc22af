#!/usr/bin/env python
from khuyencong.__main__ import main

if __name__ == "__main__":
    main()
