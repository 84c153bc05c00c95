# SPDX-License-Identifier: GPL-3.0-or-later
# Maps from R: the package carries the shipped boundaries (make r copies
# datasets/*.geojson into inst/extdata), so inc_chart(kind = "map") draws
# without --boundaries, and draws what the command line draws, byte for byte.
test_that("inc_chart draws the PBC dot map and the province map as the CLI does", {
  skip_without_cli()
  expect_true(file.exists(system.file("extdata", "pakistan_provinces_ne10m.geojson",
                                      package = "incstat")))
  for (fill in c(FALSE, TRUE)) {
    r_png <- tempfile(fileext = ".png")
    cli_png <- tempfile(fileext = ".png")
    opts <- if (fill) list(fill = "admin1", quiet = TRUE) else list(quiet = TRUE)
    out <- do.call(inc_chart, c(list(pbc(), "map", r_png), opts))
    expect_equal(out, r_png)
    args <- c("chart", "map", if (fill) c("--fill", "admin1"), "--quiet", pbc(), "-o", cli_png)
    expect_equal(system2(inc_cli(), args), 0)
    expect_gt(file.size(r_png), 10000)
    expect_identical(unname(tools::md5sum(r_png)), unname(tools::md5sum(cli_png)))
  }
})
