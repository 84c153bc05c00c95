# SPDX-License-Identifier: GPL-3.0-or-later
"""Build of the incstat Python package against the in-tree libincstat.

The extension links build/libincstat.a (made first with `make` in the
repository above when missing), so the package works without libincstat
installed.  Debian's toolchain alone: python3-dev, python3-setuptools,
python3-numpy; `pip install --no-build-isolation python/` or `make python`.
"""
import os
import re
import shlex
import subprocess

import numpy
from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PKGS = "gsl cairo pangocairo zlib libpng sqlite3 expat"
LIB = os.path.join(ROOT, "build", "libincstat.a")


def version():
    with open(os.path.join(ROOT, "include", "incstat", "util.h")) as f:
        return re.search(r'#define INCSTAT_VERSION "([^"]+)"', f.read()).group(1)


def pkg_config(flag):
    out = subprocess.run(["pkg-config", flag] + PKGS.split(), check=True,
                         capture_output=True, text=True).stdout
    return shlex.split(out)


if not os.path.exists(LIB):
    subprocess.run(["make", "-C", ROOT, "build/libincstat.a"], check=True)

ext = Extension(
    "incstat._incstat",
    sources=[os.path.relpath(os.path.join(HERE, "src", "_incstat.c"), HERE)],
    include_dirs=[os.path.join(ROOT, "include"), numpy.get_include()],
    extra_compile_args=["-std=c11", "-Wall", "-Wextra"] + pkg_config("--cflags"),
    extra_objects=[LIB],
    extra_link_args=pkg_config("--libs") + ["-lreadstat", "-lpthread", "-lm"],
    depends=[LIB],
)

setup(
    name="incstat",
    version=version(),
    description="Incident-level conflict statistics: incstat's library from Python",
    license="GPL-3.0-or-later",
    packages=["incstat"],
    ext_modules=[ext],
    python_requires=">=3.9",
    install_requires=["numpy", "pandas"],
)
