# Shared helpers for the incstat reference values (base R only).
# Sourced by the other *.R scripts in this directory.

ref_dir <- function() {
  a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  if (length(a)) dirname(normalizePath(sub("^--file=", "", a[1]))) else getwd()
}
data_dir <- function() {
  d <- Sys.getenv("INCSTAT_DATASETS", "")
  if (nzchar(d)) d else "/work/shared/datasets"
}

# Shortest decimal text that reads back as exactly the same double
# (15 significant digits if that round-trips, else 17).  NA -> "".
fmt_num <- function(x) {
  out <- character(length(x))
  for (i in seq_along(x)) {
    v <- x[i]
    if (is.na(v)) { out[i] <- ""; next }
    s <- formatC(v, digits = 15, format = "g", flag = "")
    if (as.numeric(s) != v) s <- formatC(v, digits = 17, format = "g", flag = "")
    out[i] <- trimws(s)
  }
  out
}
write_ref <- function(df, path) {
  for (k in names(df)) if (is.numeric(df[[k]])) df[[k]] <- fmt_num(df[[k]])
  df[] <- lapply(df, function(v) ifelse(is.na(v), "", v))
  write.table(df, path, sep = ",", quote = FALSE, row.names = FALSE,
              col.names = TRUE, na = "", eol = "\n")
}

## ---------------------------------------------------------------- PBC
read_pbc <- function(file) {
  read.csv(file, fileEncoding = "windows-1252", check.names = FALSE,
           stringsAsFactors = FALSE, colClasses = "character",
           na.strings = character(0))   # keep every cell as its text
}

# "Sunday-November 19-1995", "Saturday-November-25-2017", "Sunday-Sep 20-2015"
# -> list(year, date, weekday_text, ok)
parse_pbc_date <- function(x) {
  x <- trimws(gsub("\u00a0", " ", x))
  pat <- "^([A-Za-z]+)-([A-Za-z]+)[- ]+([0-9]{1,2})-([0-9]{4})$"
  ok <- grepl(pat, x)
  mon_txt <- tolower(substr(sub(pat, "\\2", x), 1, 3))
  mon <- match(mon_txt, c("jan","feb","mar","apr","may","jun","jul","aug","sep","oct","nov","dec"))
  day <- suppressWarnings(as.integer(sub(pat, "\\3", x)))
  yr  <- suppressWarnings(as.integer(sub(pat, "\\4", x)))
  ok <- ok & !is.na(mon)
  dt <- as.Date(ifelse(ok, sprintf("%04d-%02d-%02d", yr, mon, day), NA_character_))
  ok <- ok & !is.na(dt)
  list(year = ifelse(ok, yr, NA_integer_), date = dt,
       weekday_text = ifelse(ok, sub(pat, "\\1", x), NA_character_), ok = ok)
}

# Casualty cell -> number; blank, "NA", "N/A" -> NA; "40+" -> 40 (open-ended,
# the number is taken); anything else (e.g. a URL) -> NA (junk).
parse_count <- function(x) {
  t <- trimws(gsub("\u00a0", " ", x))
  open <- grepl("^[0-9]+(\\.[0-9]+)?\\+$", t)
  t2 <- sub("\\+$", "", t)
  num <- grepl("^[0-9]+(\\.[0-9]+)?$", t2)
  v <- rep(NA_real_, length(x)); v[num] <- as.numeric(t2[num])
  unknown_word <- t == "" | toupper(t) %in% c("NA", "N/A")
  list(value = v, open = open, junk = !num & !unknown_word)
}

best_of <- function(mn, mx) ifelse(!is.na(mn) & !is.na(mx), (mn + mx) / 2,
                                   ifelse(!is.na(mn), mn, mx))

pbc_rows <- function(d) {
  p <- parse_pbc_date(d$Date)
  km <- parse_count(d$`Killed Min`);  kx <- parse_count(d$`Killed Max`)
  im <- parse_count(d$`Injured Min`); ix <- parse_count(d$`Injured Max`)
  data.frame(sn = as.integer(d$`S#`), date_text = d$Date, year = p$year,
             date = p$date, date_ok = p$ok, weekday_text = p$weekday_text,
             kmin = km$value, kmax = kx$value, imin = im$value, imax = ix$value,
             imax_open = ix$open, any_open = km$open | kx$open | im$open | ix$open,
             any_junk = km$junk | kx$junk | im$junk | ix$junk,
             stringsAsFactors = FALSE)
}

# The sum of the known values; NA when there are values and none is known
# (unknown is never 0), 0 for no values at all (a year without incidents).
sk <- function(v) if (length(v) > 0 && all(is.na(v))) NA_real_ else sum(v, na.rm = TRUE)
pbc_summary <- function(r) {
  imax_oe <- ifelse(r$imax_open, NA, r$imax)
  data.frame(
    incidents       = nrow(r),
    killed_min_sum  = sk(r$kmin),
    killed_max_sum  = sk(r$kmax),
    injured_min_sum = sk(r$imin),
    injured_max_sum = sk(r$imax),
    killed_unknown  = sum(is.na(r$kmin) & is.na(r$kmax)),
    injured_unknown = sum(is.na(r$imin) & is.na(r$imax)),
    killed_best_sum  = sk(best_of(r$kmin, r$kmax)),
    injured_best_sum = sk(best_of(r$imin, r$imax)),
    # open-ended injured max ("40+", "100+") counted as unknown instead of
    # its number: what a spreadsheet SUM over the text cells gives
    injured_max_sum_openended_as_unknown = sk(imax_oe),
    # incidents left out of each sum
    killed_min_unknown = sum(is.na(r$kmin)),
    killed_max_unknown = sum(is.na(r$kmax)),
    injured_min_unknown = sum(is.na(r$imin)),
    injured_max_unknown_openended = sum(is.na(imax_oe)))
}
pbc_yearly <- function(r, years) {
  do.call(rbind, lapply(years, function(y)
    cbind(data.frame(year = y), pbc_summary(r[!is.na(r$year) & r$year == y, ]))))
}
pbc_report <- function(r, label) {
  cat("==", label, ":", nrow(r), "rows\n")
  cat("rows whose Date does not parse:", if (any(!r$date_ok))
      paste(r$sn[!r$date_ok], r$date_text[!r$date_ok], collapse = "; ") else "none", "\n")
  wd <- weekdays(r$date); wt <- tolower(substr(r$weekday_text, 1, 3))
  bad <- which(r$date_ok & tolower(substr(wd, 1, 3)) != wt)
  cat("weekday text differs from the calendar weekday:", if (length(bad))
      paste0("S#", r$sn[bad], " '", r$date_text[bad], "' is a ", wd[bad], collapse = "; ") else "none", "\n")
  odd <- r$date_ok & !grepl("^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$", r$weekday_text)
  cat("misspelt weekday names:", if (any(odd)) paste0("S#", r$sn[odd], " '", r$date_text[odd], "'", collapse = "; ") else "none", "\n")
  k <- which(r$kmin > r$kmax); i <- which(r$imin > r$imax)
  cat("killed min > max:", if (length(k)) paste0("S#", r$sn[k], " (", r$kmin[k], ">", r$kmax[k], ", year ", r$year[k], ")", collapse = "; ") else "none", "\n")
  cat("injured min > max:", if (length(i)) paste0("S#", r$sn[i], " (", r$imin[i], ">", r$imax[i], ")", collapse = "; ") else "none", "\n")
  cat("open-ended values:", paste0("S#", r$sn[r$any_open], " (", r$year[r$any_open], ")", collapse = "; "), "\n")
  cat("junk casualty cells (-> unknown):", paste0("S#", r$sn[r$any_junk], " (", r$year[r$any_junk], ")", collapse = "; "), "\n")
  u <- is.na(r$kmin) & is.na(r$kmax)
  cat("rows with killed min and max both unknown:", paste0("S#", r$sn[u], collapse = " "), "\n")
}

## ------------------------------------------------------ yearly series
# x: values for consecutive years (NA = missing).
series_stats <- function(year, x) {
  n <- length(x)
  prev <- c(NA, x[-n])
  change <- x - prev
  pct <- ifelse(!is.na(prev) & prev == 0, NA, 100 * change / prev)
  rk <- rank(-x, ties.method = "min", na.last = "keep")
  hs <- rep(NA_integer_, n)
  for (i in seq_len(n)) {
    if (is.na(x[i])) next
    j <- which(seq_len(n) < i & !is.na(x) & x >= x[i])
    if (length(j)) hs[i] <- year[max(j)]
  }
  data.frame(year = year, change = change, yoy_pct = pct, rank = rk,
             highest_since = hs)
}
