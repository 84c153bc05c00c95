/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_words.c: two models compared by AIC, in words (see
 * incstat_trend_aic_band in include/incstat/trend.h).
 *
 * The bands are the usual rules for AIC differences, Burnham, K. P. &
 * Anderson, D. R. (2002), Model Selection and Multimodel Inference: A
 * Practical Information-Theoretic Approach, 2nd ed., Springer, p. 70:
 * models within 2 of the best have substantial support, those 4 to 7 above
 * it considerably less, those more than 10 above it essentially none.  A
 * difference under 2 does not separate two models, so the words never call
 * one worse there; between the named bands (2 to 4, 7 to 10) the words
 * step between their neighbours. */
#include <math.h>
#include <stddef.h>

#include "incstat/trend.h"

incstat_trend_aic_band incstat_trend_aic_band_of(double aic, double best)
{
    double d = aic - best;
    if (!isfinite(aic) || !isfinite(best) || d < 0)
        return INCSTAT_TREND_AIC_UNKNOWN;
    if (d <= 2)
        return INCSTAT_TREND_AIC_AS_WELL;
    if (d < 4)
        return INCSTAT_TREND_AIC_SOMEWHAT;
    if (d <= 7)
        return INCSTAT_TREND_AIC_CLEARLY;
    if (d <= 10)
        return INCSTAT_TREND_AIC_MUCH;
    return INCSTAT_TREND_AIC_NO_SUPPORT;
}

const char *incstat_trend_aic_words(incstat_trend_aic_band band)
{
    switch (band) {
    case INCSTAT_TREND_AIC_AS_WELL: return "about as well as";
    case INCSTAT_TREND_AIC_SOMEWHAT: return "somewhat worse than";
    case INCSTAT_TREND_AIC_CLEARLY: return "clearly worse than";
    case INCSTAT_TREND_AIC_MUCH: return "much worse than";
    case INCSTAT_TREND_AIC_NO_SUPPORT: return "far worse than";
    default: return NULL;
    }
}

const char *incstat_trend_aic_support(incstat_trend_aic_band band)
{
    switch (band) {
    case INCSTAT_TREND_AIC_AS_WELL: return "too small to separate them";
    case INCSTAT_TREND_AIC_SOMEWHAT: return "some support left for it";
    case INCSTAT_TREND_AIC_CLEARLY: return "considerably less support for it";
    case INCSTAT_TREND_AIC_MUCH: return "little support for it";
    case INCSTAT_TREND_AIC_NO_SUPPORT: return "essentially no support for it";
    default: return NULL;
    }
}
