# SPDX-License-Identifier: GPL-3.0-or-later
# Reference values for tests/test_map.c: which region of
# tests/data/map/regions.geojson holds each point, by R's sf (GEOS),
# independently of incstat's even-odd test.  Run from the repository root:
#   Rscript tests/reference/map_pip.R
suppressMessages(library(sf))
invisible(suppressMessages(sf_use_s2(FALSE))) # planar, as incstat's test: lon/lat taken as x/y
r <- st_read("tests/data/map/regions.geojson", quiet = TRUE)
r <- r[!st_is_empty(r), ]
pts <- rbind(c(74.3, 31.5), c(73.0, 30.5), c(72.5, 30.2), c(71.0, 29.0),
             c(68.0, 34.5), c(62.0, 26.0), c(64.0, 26.0), c(67.5, 25.0),
             c(66.2, 27.5), c(67.5, 27.0), c(80.0, 30.0), c(75.9, 32.9),
             c(74.5, 30.5), c(66.1, 24.2))
p <- st_sfc(lapply(seq_len(nrow(pts)), function(i) st_point(pts[i, ])), crs = st_crs(r))
w <- st_within(p, r)
for (i in seq_len(nrow(pts))) {
  k <- w[[i]]
  cat(sprintf("{%.1f, %.1f, \"%s\"},\n", pts[i, 1], pts[i, 2],
              if (length(k)) r$name[k[1]] else ""))
}
