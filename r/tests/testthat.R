# SPDX-License-Identifier: GPL-3.0-or-later
# R CMD check runs this; make check runs tests/r.sh (testthat::test_dir).
library(testthat)
library(incstat)
test_check("incstat")
