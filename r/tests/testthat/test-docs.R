# SPDX-License-Identifier: GPL-3.0-or-later
# docs/r.md: its opening example prints exactly the output the page shows
# (run from the source tree, as the page says), and its error example gives
# the code, line and column its comment states.
skip_without_cli()

page <- file.path(inc_root(), "docs", "r.md")
blocks <- function(lines) { # list of list(lang, body)
  out <- list(); i <- 1
  while (i <= length(lines)) {
    m <- regmatches(lines[i], regexec("^```(\\w*)$", lines[i]))[[1]]
    if (length(m)) {
      j <- i + 1
      while (j <= length(lines) && lines[j] != "```") j <- j + 1
      out[[length(out) + 1]] <- list(lang = m[2], body = lines[seq_len(j - i - 1) + i])
      i <- j
    }
    i <- i + 1
  }
  out
}
run_block <- function(body) {
  env <- new.env(parent = globalenv())
  old <- setwd(inc_root()); on.exit(setwd(old))
  last <- NULL
  out <- capture.output({
    for (e in parse(text = body)) {
      v <- withVisible(eval(e, env))
      if (v$visible) print(v$value)
      last <- v$value
    }
  })
  list(output = out, last = last)
}

test_that("docs/r.md: the opening example prints what the page shows", {
  b <- blocks(readLines(page, encoding = "UTF-8"))
  expect_identical(b[[1]]$lang, "r")
  expect_identical(b[[2]]$lang, "")
  expect_lte(length(b[[1]]$body), 10)
  got <- run_block(b[[1]]$body)$output
  expect_identical(got, b[[2]]$body)
})

test_that("docs/r.md: the error example", {
  b <- blocks(readLines(page, encoding = "UTF-8"))
  r <- Filter(function(x) x$lang == "r" && any(grepl("tryCatch", x$body)), b)[[1]]
  got <- run_block(r$body)$last
  stated <- scan(text = sub(".*# ", "", r$body[length(r$body)]), what = "", quiet = TRUE)
  expect_identical(got, stated)
})
