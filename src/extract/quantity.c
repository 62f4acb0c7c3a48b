/*
 * quantity.c -- counts, amounts and measures: "nearly 200 ballistic
 * missiles", "$2.5 million in aid", "hundreds of troops", "12%".
 *
 * Hand-written for the reasons timex.c is: reading "one hundred and
 * sixty-one", "2 1/2", "$3bn" or "between 200 and 300" is a small
 * grammar over tokens, and one pass over a bounded window of tokens keeps
 * time linear and memory fixed.
 *
 * The file reads top-down: the lexicon, the tokens, the number reader
 * (td_quantity_number is its public face), then the quantity around a
 * number (approximation, currency, scale, range, unit, counted noun
 * phrase), then the driver.
 */
#include "extract/quantity.h"
#include "util/lexhash.h"
#include "util/text.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* ---- Lexicon ------------------------------------------------------------- */

enum {
    QL_CARD = 1, /* zero .. ninety: val */
    QL_SCALE,    /* hundred, thousand, million, bn, k ...: 10^val */
    QL_DENOM,    /* a fraction's denominator: half, third(s), quarter(s) */
    QL_DOZEN,    /* dozen(s), dz */
    QL_VAGUE,    /* hundreds, thousands, dozens, scores, several, few */
    QL_APPROX,   /* about, nearly, more ...: Q_* */
    QL_CUR,      /* a currency word: CUR_* */
    QL_UNIT,     /* a measure: UNIT_* */
    QL_PCT,      /* percent, pct */
    QL_STOP,     /* ends a counted noun phrase */
    QL_MISC      /* words the grammar names: MW_* */
};

enum { Q_ABOUT = 1, Q_NEARLY, Q_OVER, Q_MORE, Q_LESS, Q_UNDER, Q_LEAST, Q_MOST, Q_UPTO,
       Q_SOME, Q_ESTIMATED, Q_CLOSE, Q_FEWER, Q_JUST, Q_WELL, Q_AS, Q_UPWARDS, Q_NO };

enum { MW_A = 1, MW_AN, MW_AND, MW_OR, MW_OF, MW_TO, MW_BETWEEN, MW_MINUS, MW_NEGATIVE,
       MW_POINT, MW_PER, MW_CENT, MW_HALF, MW_QUARTER, MW_COUPLE, MW_TENS, MW_THE,
       MW_PERCENTAGE, MW_POINTS, MW_IN, MW_FOR, MW_FROM, MW_ON, MW_US, MW_OUT, MW_OVER,
       MW_SQUARE, MW_CUBIC, MW_ONE, MW_FEW, MW_SEVERAL, MW_MANY, MW_SCORES, MW_THAN,
       MW_UP, MW_AT, MW_CLOSE, MW_NEARLY, MW_ALMOST, MW_NATION, MW_METRIC };

/* Currencies: the unit written for each. */
static const char *const currency[] = {
    "", "$", "€", "£", "¥", "CNY", "₹", "₽", "¢", "p", "CHF", "₩", "₪", "SAR", "₺", "MXN",
    "AUD", "CAD", "HKD", "NGN", "ZAR", "BRL", "EGP", "PKR", "IRR", "UAH", "¤", "franc", "SEK",
    "BTC", "NZD", "SGD", "KWD", "AED", "PLN", "IDR", "THB", "MYR", "KES", "ESP", "NLG", "FIM",
    "DEM", "ITL"};
enum { CUR_NONE, CUR_USD, CUR_EUR, CUR_GBP, CUR_JPY, CUR_CNY, CUR_INR, CUR_RUB, CUR_CENT,
       CUR_PENCE, CUR_CHF, CUR_KRW, CUR_ILS, CUR_SAR, CUR_TRY, CUR_MXN, CUR_AUD, CUR_CAD,
       CUR_HKD, CUR_NGN, CUR_ZAR, CUR_BRL, CUR_EGP, CUR_PKR, CUR_IRR, CUR_UAH, CUR_OTHER,
       CUR_FRANC, CUR_SEK, CUR_BTC, CUR_NZD, CUR_SGD, CUR_KWD, CUR_AED, CUR_PLN, CUR_IDR,
       CUR_THB, CUR_MYR, CUR_KES, CUR_ESP, CUR_NLG, CUR_FIM, CUR_DEM, CUR_ITL };

/* Measures: the unit written for each. */
static const char *const measure[] = {
    "", "km", "m", "cm", "mm", "mi", "ft", "in", "yd", "kg", "g", "mg", "t", "lb", "oz",
    "l", "ml", "gal", "bbl", "bpd", "km2", "mi2", "m2", "ha", "acre", "km/h", "mph",
    "°C", "°F", "MW", "GW", "kW", "kWh", "TWh", "MB", "GB", "TB", "nmi", "m3"};
enum { U_NONE, U_KM, U_M, U_CM, U_MM, U_MI, U_FT, U_IN, U_YD, U_KG, U_G, U_MG, U_T, U_LB,
       U_OZ, U_L, U_ML, U_GAL, U_BBL, U_BPD, U_KM2, U_MI2, U_M2, U_HA, U_ACRE, U_KMH,
       U_MPH, U_DEGC, U_DEGF, U_MW, U_GW, U_KW, U_KWH, U_TWH, U_MB, U_GB, U_TB, U_NMI,
       U_M3 };

typedef struct qlex {
    const char *w;
    unsigned char kind, val;
} qlex;

/* Kept sorted in byte order (LC_ALL=C): looked up by binary search.
 * Entries marked "glued" also read when stuck to a number ("3bn"). */
static const qlex qlexicon[] = {
    {"a", QL_MISC, MW_A},
    {"about", QL_APPROX, Q_ABOUT},
    {"above", QL_APPROX, Q_OVER},
    {"acre", QL_UNIT, U_ACRE},
    {"acres", QL_UNIT, U_ACRE},
    {"aed", QL_CUR, CUR_AED},
    {"almost", QL_APPROX, Q_NEARLY},
    {"an", QL_MISC, MW_AN},
    {"and", QL_MISC, MW_AND},
    {"approximately", QL_APPROX, Q_ABOUT},
    {"are", QL_STOP, 0},
    {"around", QL_APPROX, Q_ABOUT},
    {"as", QL_APPROX, Q_AS},
    {"at", QL_MISC, MW_AT},
    {"aud", QL_CUR, CUR_AUD},
    {"australian", QL_MISC, MW_NATION},
    {"b", QL_SCALE, 9},
    {"baht", QL_CUR, CUR_THB},
    {"barrel", QL_UNIT, U_BBL},
    {"barrels", QL_UNIT, U_BBL},
    {"be", QL_STOP, 0},
    {"been", QL_STOP, 0},
    {"belgian", QL_MISC, MW_NATION},
    {"below", QL_APPROX, Q_UNDER},
    {"between", QL_MISC, MW_BETWEEN},
    {"billion", QL_SCALE, 9},
    {"billionth", QL_DENOM, 252},
    {"billionths", QL_DENOM, 252},
    {"bitcoin", QL_CUR, CUR_BTC},
    {"bitcoins", QL_CUR, CUR_BTC},
    {"bln", QL_SCALE, 9},
    {"bn", QL_SCALE, 9},
    {"bpd", QL_UNIT, U_BPD},
    {"brl", QL_CUR, CUR_BRL},
    {"btc", QL_CUR, CUR_BTC},
    {"but", QL_STOP, 0},
    {"by", QL_STOP, 0},
    {"cad", QL_CUR, CUR_CAD},
    {"canadian", QL_MISC, MW_NATION},
    {"cent", QL_MISC, MW_CENT},
    {"centimeters", QL_UNIT, U_CM},
    {"centimetres", QL_UNIT, U_CM},
    {"cents", QL_CUR, CUR_CENT},
    {"chf", QL_CUR, CUR_CHF},
    {"chinese", QL_MISC, MW_NATION},
    {"close", QL_MISC, MW_CLOSE},
    {"cm", QL_UNIT, U_CM},
    {"cny", QL_CUR, CUR_CNY},
    {"could", QL_STOP, 0},
    {"couple", QL_MISC, MW_COUPLE},
    {"crore", QL_SCALE, 7},
    {"crores", QL_SCALE, 7},
    {"cubic", QL_MISC, MW_CUBIC},
    {"degrees", QL_UNIT, U_DEGC},
    {"did", QL_STOP, 0},
    {"dinar", QL_CUR, CUR_KWD},
    {"dinars", QL_CUR, CUR_KWD},
    {"dirham", QL_CUR, CUR_AED},
    {"dirhams", QL_CUR, CUR_AED},
    {"dollar", QL_CUR, CUR_USD},
    {"dollars", QL_CUR, CUR_USD},
    {"doz", QL_DOZEN, 0},
    {"dozen", QL_DOZEN, 0},
    {"dozens", QL_VAGUE, 12},
    {"dozs", QL_DOZEN, 0},
    {"dutch", QL_MISC, MW_NATION},
    {"dz", QL_DOZEN, 0},
    {"dzs", QL_DOZEN, 0},
    {"egp", QL_CUR, CUR_EGP},
    {"eight", QL_CARD, 8},
    {"eighteen", QL_CARD, 18},
    {"eighth", QL_DENOM, 8},
    {"eighths", QL_DENOM, 8},
    {"eighty", QL_CARD, 80},
    {"eleven", QL_CARD, 11},
    {"eleventh", QL_DENOM, 11},
    {"elevenths", QL_DENOM, 11},
    {"estimated", QL_APPROX, Q_ESTIMATED},
    {"eur", QL_CUR, CUR_EUR},
    {"euro", QL_CUR, CUR_EUR},
    {"euros", QL_CUR, CUR_EUR},
    {"feet", QL_UNIT, U_FT},
    {"few", QL_MISC, MW_FEW},
    {"fewer", QL_APPROX, Q_FEWER},
    {"fifteen", QL_CARD, 15},
    {"fifth", QL_DENOM, 5},
    {"fifths", QL_DENOM, 5},
    {"fifty", QL_CARD, 50},
    {"finnish", QL_MISC, MW_NATION},
    {"five", QL_CARD, 5},
    {"foot", QL_UNIT, U_FT},
    {"for", QL_MISC, MW_FOR},
    {"forty", QL_CARD, 40},
    {"four", QL_CARD, 4},
    {"fourteen", QL_CARD, 14},
    {"fourth", QL_DENOM, 4},
    {"fourths", QL_DENOM, 4},
    {"franc", QL_CUR, CUR_FRANC},
    {"francs", QL_CUR, CUR_FRANC},
    {"french", QL_MISC, MW_NATION},
    {"from", QL_MISC, MW_FROM},
    {"ft", QL_UNIT, U_FT},
    {"g", QL_UNIT, U_G},
    {"gallon", QL_UNIT, U_GAL},
    {"gallons", QL_UNIT, U_GAL},
    {"gb", QL_UNIT, U_GB},
    {"gbp", QL_CUR, CUR_GBP},
    {"gigawatts", QL_UNIT, U_GW},
    {"gram", QL_UNIT, U_G},
    {"grams", QL_UNIT, U_G},
    {"guilder", QL_CUR, CUR_NLG},
    {"guilders", QL_CUR, CUR_NLG},
    {"gw", QL_UNIT, U_GW},
    {"had", QL_STOP, 0},
    {"half", QL_MISC, MW_HALF},
    {"halves", QL_DENOM, 2},
    {"has", QL_STOP, 0},
    {"have", QL_STOP, 0},
    {"he", QL_STOP, 0},
    {"hectare", QL_UNIT, U_HA},
    {"hectares", QL_UNIT, U_HA},
    {"hkd", QL_CUR, CUR_HKD},
    {"hryvnia", QL_CUR, CUR_UAH},
    {"hryvnias", QL_CUR, CUR_UAH},
    {"hundred", QL_SCALE, 2},
    {"hundreds", QL_VAGUE, 100},
    {"hundredth", QL_DENOM, 100},
    {"hundredths", QL_DENOM, 100},
    {"in", QL_MISC, MW_IN},
    {"inch", QL_UNIT, U_IN},
    {"inches", QL_UNIT, U_IN},
    {"inr", QL_CUR, CUR_INR},
    {"irr", QL_CUR, CUR_IRR},
    {"is", QL_STOP, 0},
    {"it", QL_STOP, 0},
    {"its", QL_STOP, 0},
    {"jpy", QL_CUR, CUR_JPY},
    {"just", QL_APPROX, Q_JUST},
    {"k", QL_SCALE, 3},
    {"kg", QL_UNIT, U_KG},
    {"kilogram", QL_UNIT, U_KG},
    {"kilograms", QL_UNIT, U_KG},
    {"kilometer", QL_UNIT, U_KM},
    {"kilometers", QL_UNIT, U_KM},
    {"kilometre", QL_UNIT, U_KM},
    {"kilometres", QL_UNIT, U_KM},
    {"kilowatt", QL_UNIT, U_KW},
    {"kilowatts", QL_UNIT, U_KW},
    {"km", QL_UNIT, U_KM},
    {"kmph", QL_UNIT, U_KMH},
    {"kph", QL_UNIT, U_KMH},
    {"krona", QL_CUR, CUR_SEK},
    {"kronor", QL_CUR, CUR_SEK},
    {"krw", QL_CUR, CUR_KRW},
    {"kw", QL_UNIT, U_KW},
    {"kwh", QL_UNIT, U_KWH},
    {"lakh", QL_SCALE, 5},
    {"lakhs", QL_SCALE, 5},
    {"lb", QL_UNIT, U_LB},
    {"lbs", QL_UNIT, U_LB},
    {"least", QL_APPROX, Q_LEAST},
    {"less", QL_APPROX, Q_LESS},
    {"lira", QL_CUR, CUR_TRY},
    {"liras", QL_CUR, CUR_TRY},
    {"lire", QL_CUR, CUR_ITL},
    {"liter", QL_UNIT, U_L},
    {"liters", QL_UNIT, U_L},
    {"litre", QL_UNIT, U_L},
    {"litres", QL_UNIT, U_L},
    {"m", QL_SCALE, 6},
    {"m", QL_UNIT, U_M},
    {"many", QL_MISC, MW_MANY},
    {"markka", QL_CUR, CUR_FIM},
    {"marks", QL_CUR, CUR_DEM},
    {"mb", QL_UNIT, U_MB},
    {"megawatts", QL_UNIT, U_MW},
    {"meter", QL_UNIT, U_M},
    {"meters", QL_UNIT, U_M},
    {"metre", QL_UNIT, U_M},
    {"metres", QL_UNIT, U_M},
    {"metric", QL_MISC, MW_METRIC},
    {"meur", QL_CUR, CUR_EUR},
    {"mexican", QL_MISC, MW_NATION},
    {"mg", QL_UNIT, U_MG},
    {"mgbp", QL_CUR, CUR_GBP},
    {"mi", QL_UNIT, U_MI},
    {"mil", QL_SCALE, 6},
    {"mile", QL_UNIT, U_MI},
    {"miles", QL_UNIT, U_MI},
    {"milligrams", QL_UNIT, U_MG},
    {"milliliters", QL_UNIT, U_ML},
    {"millilitres", QL_UNIT, U_ML},
    {"millimeters", QL_UNIT, U_MM},
    {"millimetres", QL_UNIT, U_MM},
    {"million", QL_SCALE, 6},
    {"millions", QL_VAGUE, 250},
    {"millionth", QL_DENOM, 251},
    {"millionths", QL_DENOM, 251},
    {"minus", QL_MISC, MW_MINUS},
    {"ml", QL_UNIT, U_ML},
    {"mln", QL_SCALE, 6},
    {"mm", QL_UNIT, U_MM},
    {"mn", QL_SCALE, 6},
    {"more", QL_APPROX, Q_MORE},
    {"most", QL_APPROX, Q_MOST},
    {"mph", QL_UNIT, U_MPH},
    {"musd", QL_CUR, CUR_USD},
    {"mw", QL_UNIT, U_MW},
    {"mxn", QL_CUR, CUR_MXN},
    {"naira", QL_CUR, CUR_NGN},
    {"naught", QL_CARD, 0},
    {"nautical", QL_MISC, 0},
    {"nearly", QL_APPROX, Q_NEARLY},
    {"negative", QL_MISC, MW_NEGATIVE},
    {"new", QL_MISC, MW_NATION},
    {"ngn", QL_CUR, CUR_NGN},
    {"nine", QL_CARD, 9},
    {"nineteen", QL_CARD, 19},
    {"ninety", QL_CARD, 90},
    {"ninth", QL_DENOM, 9},
    {"ninths", QL_DENOM, 9},
    {"no", QL_APPROX, Q_NO},
    {"nought", QL_CARD, 0},
    {"nzd", QL_CUR, CUR_NZD},
    {"of", QL_MISC, MW_OF},
    {"on", QL_MISC, MW_ON},
    {"one", QL_CARD, 1},
    {"or", QL_MISC, MW_OR},
    {"ounce", QL_UNIT, U_OZ},
    {"ounces", QL_UNIT, U_OZ},
    {"out", QL_MISC, MW_OUT},
    {"over", QL_APPROX, Q_OVER},
    {"oz", QL_UNIT, U_OZ},
    {"pct", QL_PCT, 0},
    {"pence", QL_CUR, CUR_PENCE},
    {"penny", QL_CUR, CUR_PENCE},
    {"per", QL_MISC, MW_PER},
    {"percent", QL_PCT, 0},
    {"percentage", QL_MISC, MW_PERCENTAGE},
    {"percents", QL_PCT, 0},
    {"peseta", QL_CUR, CUR_ESP},
    {"pesetas", QL_CUR, CUR_ESP},
    {"peso", QL_CUR, CUR_MXN},
    {"pesos", QL_CUR, CUR_MXN},
    {"pkr", QL_CUR, CUR_PKR},
    {"point", QL_MISC, MW_POINT},
    {"points", QL_MISC, MW_POINTS},
    {"pound", QL_UNIT, U_LB},
    {"pounds", QL_UNIT, U_LB},
    {"quarter", QL_MISC, MW_QUARTER},
    {"quarters", QL_DENOM, 4},
    {"rand", QL_CUR, CUR_ZAR},
    {"ringgit", QL_CUR, CUR_MYR},
    {"riyal", QL_CUR, CUR_SAR},
    {"riyals", QL_CUR, CUR_SAR},
    {"rmb", QL_CUR, CUR_CNY},
    {"rouble", QL_CUR, CUR_RUB},
    {"roubles", QL_CUR, CUR_RUB},
    {"roughly", QL_APPROX, Q_ABOUT},
    {"rs", QL_CUR, CUR_INR},
    {"rub", QL_CUR, CUR_RUB},
    {"ruble", QL_CUR, CUR_RUB},
    {"rubles", QL_CUR, CUR_RUB},
    {"rupee", QL_CUR, CUR_INR},
    {"rupees", QL_CUR, CUR_INR},
    {"rupiah", QL_CUR, CUR_IDR},
    {"said", QL_STOP, 0},
    {"sar", QL_CUR, CUR_SAR},
    {"says", QL_STOP, 0},
    {"scores", QL_MISC, MW_SCORES},
    {"sek", QL_CUR, CUR_SEK},
    {"seven", QL_CARD, 7},
    {"seventeen", QL_CARD, 17},
    {"seventh", QL_DENOM, 7},
    {"sevenths", QL_DENOM, 7},
    {"seventy", QL_CARD, 70},
    {"several", QL_MISC, MW_SEVERAL},
    {"sgd", QL_CUR, CUR_SGD},
    {"she", QL_STOP, 0},
    {"shekel", QL_CUR, CUR_ILS},
    {"shekels", QL_CUR, CUR_ILS},
    {"shillings", QL_CUR, CUR_KES},
    {"singapore", QL_MISC, MW_NATION},
    {"six", QL_CARD, 6},
    {"sixteen", QL_CARD, 16},
    {"sixth", QL_DENOM, 6},
    {"sixths", QL_DENOM, 6},
    {"sixty", QL_CARD, 60},
    {"some", QL_APPROX, Q_SOME},
    {"sq", QL_MISC, MW_SQUARE},
    {"square", QL_MISC, MW_SQUARE},
    {"swedish", QL_MISC, MW_NATION},
    {"swiss", QL_MISC, MW_NATION},
    {"t", QL_SCALE, 12},
    {"t", QL_UNIT, U_T},
    {"taiwan", QL_MISC, MW_NATION},
    {"tb", QL_UNIT, U_TB},
    {"ten", QL_CARD, 10},
    {"tens", QL_MISC, MW_TENS},
    {"tenth", QL_DENOM, 10},
    {"tenths", QL_DENOM, 10},
    {"than", QL_MISC, MW_THAN},
    {"that", QL_STOP, 0},
    {"the", QL_MISC, MW_THE},
    {"their", QL_STOP, 0},
    {"them", QL_STOP, 0},
    {"they", QL_STOP, 0},
    {"third", QL_DENOM, 3},
    {"thirds", QL_DENOM, 3},
    {"thirteen", QL_CARD, 13},
    {"thirtieth", QL_DENOM, 30},
    {"thirtieths", QL_DENOM, 30},
    {"thirty", QL_CARD, 30},
    {"this", QL_STOP, 0},
    {"thousand", QL_SCALE, 3},
    {"thousands", QL_VAGUE, 101},
    {"thousandth", QL_DENOM, 250},
    {"thousandths", QL_DENOM, 250},
    {"three", QL_CARD, 3},
    {"tln", QL_SCALE, 12},
    {"tn", QL_SCALE, 12},
    {"to", QL_MISC, MW_TO},
    {"ton", QL_UNIT, U_T},
    {"tonne", QL_UNIT, U_T},
    {"tonnes", QL_UNIT, U_T},
    {"tons", QL_UNIT, U_T},
    {"top", QL_APPROX, Q_OVER},
    {"trillion", QL_SCALE, 12},
    {"trillionth", QL_DENOM, 253},
    {"trillionths", QL_DENOM, 253},
    {"trn", QL_SCALE, 12},
    {"try", QL_CUR, CUR_TRY},
    {"turkish", QL_MISC, MW_NATION},
    {"twelfth", QL_DENOM, 12},
    {"twelfths", QL_DENOM, 12},
    {"twelve", QL_CARD, 12},
    {"twentieth", QL_DENOM, 20},
    {"twentieths", QL_DENOM, 20},
    {"twenty", QL_CARD, 20},
    {"twh", QL_UNIT, U_TWH},
    {"two", QL_CARD, 2},
    {"uah", QL_CUR, CUR_UAH},
    {"under", QL_APPROX, Q_UNDER},
    {"up", QL_MISC, MW_UP},
    {"upwards", QL_APPROX, Q_UPWARDS},
    {"us", QL_MISC, MW_US},
    {"usd", QL_CUR, CUR_USD},
    {"was", QL_STOP, 0},
    {"we", QL_STOP, 0},
    {"well", QL_APPROX, Q_WELL},
    {"were", QL_STOP, 0},
    {"which", QL_STOP, 0},
    {"who", QL_STOP, 0},
    {"will", QL_STOP, 0},
    {"with", QL_STOP, 0},
    {"won", QL_CUR, CUR_KRW},
    {"would", QL_STOP, 0},
    {"yards", QL_UNIT, U_YD},
    {"yen", QL_CUR, CUR_JPY},
    {"yuan", QL_CUR, CUR_CNY},
    {"zar", QL_CUR, CUR_ZAR},
    {"zero", QL_CARD, 0},
    {"zloty", QL_CUR, CUR_PLN},
    {"zlotys", QL_CUR, CUR_PLN},
};

#define NQLEX (sizeof qlexicon / sizeof qlexicon[0])

/* ---- Tokens -------------------------------------------------------------- */

enum { QK_NONE = 0, QK_WORD, QK_NUM, QK_PUNCT };

#define QF_SPACE 1  /* white space before */
#define QF_CAP 2    /* capitalised */
#define QF_UPPER 4  /* all capitals */

typedef struct qtok {
    size_t start, end;
    unsigned char kind, flags, ndig;
    char ch;                   /* QK_PUNCT; '$' for any currency sign */
    unsigned char cur;         /* currency of a sign or word */
    double num;                /* QK_NUM: the digits' value */
    /* roles of a word */
    unsigned char card, iscard, scale, denom, dozen, vague, approx, unit, pct, stop, misc;
    unsigned char len;         /* letters */
    char lw[16];               /* the word in lower case (cut) */
} qtok;

#define QWIN 160
#define QLOOK 32
#define QKEEP 8

static const qtok q_none;

typedef struct qctx {
    const char *s;
    size_t n, pos;
    qtok t[QWIN];
    int nt;
} qctx;

/* The lexicon's hash table: a function of the lexicon alone, built once
 * per process and only read after that. */
static td_lexhash qlex_table;
static pthread_once_t qlex_once = PTHREAD_ONCE_INIT;

static void qlex_build(void)
{
    for (size_t k = 0; k < NQLEX; k++)
        td_lexhash_add(&qlex_table, qlexicon[k].w, strlen(qlexicon[k].w), (unsigned)k);
}

/* The roles of the word t->lw[0..len): the lexicon is sorted, so a word's
 * entries follow its first. */
static void qlex_roles(qtok *t, size_t len)
{
    int first = td_lexhash_find(&qlex_table, t->lw, len);
    if (first < 0) return;
    for (size_t lo = (size_t)first;
         lo < NQLEX && (lo == (size_t)first || !strcmp(qlexicon[lo].w, t->lw)); lo++) {
        unsigned char v = qlexicon[lo].val;
        switch (qlexicon[lo].kind) {
        case QL_CARD: t->card = v, t->iscard = 1; break;
        case QL_SCALE: t->scale = v; break;
        case QL_DENOM: t->denom = v; break;
        case QL_DOZEN: t->dozen = 1; break;
        case QL_VAGUE: t->vague = v; break;
        case QL_APPROX: t->approx = v; break;
        case QL_CUR: t->cur = v; break;
        case QL_UNIT: t->unit = v; break;
        case QL_PCT: t->pct = 1; break;
        case QL_STOP: t->stop = 1; break;
        case QL_MISC: t->misc = v; break;
        }
    }
}

static int q_space(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000 ||
           cp == 0xFEFF;
}

/* A currency sign: its currency, or 0. */
static int q_cursign(unsigned cp)
{
    switch (cp) {
    case '$': return CUR_USD;
    case 0x20AC: return CUR_EUR;
    case 0xA3: return CUR_GBP;
    case 0xA5: return CUR_JPY;
    case 0x20B9: return CUR_INR;
    case 0x20BD: return CUR_RUB;
    case 0xA2: return CUR_CENT;
    case 0x20A9: return CUR_KRW;
    case 0x20AA: return CUR_ILS;
    case 0x20BA: return CUR_TRY;
    case 0x20A6: return CUR_NGN;
    case 0x20B4: return CUR_UAH;
    case 0x20BF: return CUR_BTC;
    }
    if (cp >= 0x20A0 && cp <= 0x20CF) return CUR_OTHER; /* the rest of the currency signs */
    return 0;
}

/* Vulgar fractions: ½ ⅓ ¼ ¾ ... as a value, or 0. */
static double q_vulgar(unsigned cp)
{
    switch (cp) {
    case 0xBD: return 0.5;
    case 0xBC: return 0.25;
    case 0xBE: return 0.75;
    case 0x2153: return 1.0 / 3;
    case 0x2154: return 2.0 / 3;
    case 0x2155: return 0.2;
    case 0x2159: return 1.0 / 6;
    case 0x215B: return 0.125;
    }
    return 0;
}

static int q_letter(unsigned cp)
{
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (q_space(cp) || q_cursign(cp) || q_vulgar(cp)) return 0;
    if (cp >= 0x2010 && cp <= 0x205E) return 0; /* dashes, quotes */
    if (cp == 0xB0 || cp == 0xAB || cp == 0xBB || cp == 0xFFFD) return 0;
    return 1;
}

static int q_scan(qctx *c, qtok *t)
{
    const char *s = c->s;
    size_t n = c->n, i = c->pos;
    unsigned cp = 0;
    int flags = 0;
    memset(t, 0, sizeof *t);
    while (i < n) {
        if (s[i] == ' ') { /* the common case, without decoding */
            flags |= QF_SPACE;
            i++;
            continue;
        }
        size_t l = td_utf8_decode(s, n, i, &cp);
        if (!q_space(cp) && cp != 0) break;
        flags |= QF_SPACE;
        i += l;
    }
    if (i >= n) {
        c->pos = n;
        return 0;
    }
    t->start = i;
    size_t l = td_utf8_decode(s, n, i, &cp);
    if (cp >= '0' && cp <= '9') {
        double v = 0;
        int nd = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i] - '0');
            nd++;
            i++;
        }
        t->kind = QK_NUM;
        t->num = v;
        t->ndig = (unsigned char)(nd > 255 ? 255 : nd);
    } else if (q_letter(cp)) {
        size_t k = 0;
        int upper = 0, letters = 0;
        while (i < n) {
            unsigned char b = (unsigned char)s[i];
            if (b < 0x80) { /* ASCII: no decoding */
                if ((unsigned)((b | 0x20) - 'a') > 'z' - 'a') break;
                upper += b <= 'Z';
                if (k + 1 < sizeof t->lw) t->lw[k] = (char)(b | 0x20);
                k++;
                letters++;
                i++;
                continue;
            }
            l = td_utf8_decode(s, n, i, &cp);
            if (!q_letter(cp)) break;
            if (k + 1 < sizeof t->lw) t->lw[k] = '#'; /* never in the lexicon */
            k++;
            letters++;
            i += l;
        }
        t->kind = QK_WORD;
        t->len = (unsigned char)(letters > 255 ? 255 : letters);
        if (s[t->start] >= 'A' && s[t->start] <= 'Z') flags |= QF_CAP;
        if (upper == letters) flags |= QF_UPPER;
        if (k < sizeof t->lw) qlex_roles(t, k);
        else t->lw[0] = '\0';
    } else {
        t->kind = QK_PUNCT;
        int cs = q_cursign(cp);
        double vf = q_vulgar(cp);
        if (cs) t->ch = '$', t->cur = (unsigned char)cs;
        else if (vf) t->ch = 'v', t->num = vf;
        else if (cp < 0x80) t->ch = (char)cp;
        else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2212)
            t->ch = '-';
        else if (cp == 0xB0) t->ch = 'o'; /* the degree sign */
        else t->ch = '#';
        i += l;
    }
    if (i == t->start) i++; /* every token moves on, whatever the bytes */
    t->end = i;
    t->flags = (unsigned char)flags;
    c->pos = i;
    return 1;
}

static const qtok *Q(const qctx *c, int i)
{
    return i >= 0 && i < c->nt ? &c->t[i] : &q_none;
}

static int QP(const qctx *c, int i, char ch)
{
    const qtok *t = Q(c, i);
    return t->kind == QK_PUNCT && t->ch == ch;
}

static int QM(const qctx *c, int i)
{
    const qtok *t = Q(c, i);
    return t->kind == QK_WORD ? t->misc : 0;
}

/* Token i touches token i-1. */
static int QADJ(const qctx *c, int i)
{
    const qtok *t = Q(c, i);
    return t->kind != QK_NONE && !(t->flags & QF_SPACE);
}

static int qnum(const qctx *c, int i)
{
    return Q(c, i)->kind == QK_NUM;
}

/* ---- Numbers ------------------------------------------------------------- */

/* "12,34,567": two-digit groups after a comma at j, ending in three. */
static int indian_run(const qctx *c, int j)
{
    while (QP(c, j, ',') && QADJ(c, j) && qnum(c, j + 1) && QADJ(c, j + 1)) {
        if (Q(c, j + 1)->ndig == 3) return !(QP(c, j + 2, ',') && QADJ(c, j + 2) && qnum(c, j + 3));
        if (Q(c, j + 1)->ndig != 2) return 0;
        j += 2;
    }
    return 0;
}

/* Digits with their grouping and decimals: "1,234,567", "1 234 567",
 * "12,34,567.89" (Indian grouping), "4.800", ".08", "2 1/4", "3/4", "2½".
 * Returns the token after it, or 0. */
static int rdigits(const qctx *c, int i, double *val)
{
    const qtok *t = Q(c, i);
    int j = i;
    double v;
    if (t->kind == QK_PUNCT && t->ch == '.' && qnum(c, i + 1) && QADJ(c, i + 1) &&
        !(qnum(c, i - 1) && QADJ(c, i)) && !(QP(c, i + 2, '.') && QADJ(c, i + 2))) {
        /* ".08" */
        double f = Q(c, i + 1)->num;
        for (int k = 0; k < Q(c, i + 1)->ndig; k++) f /= 10;
        *val = f;
        return i + 2;
    }
    if (t->kind == QK_PUNCT && t->ch == 'v') {
        *val = t->num;
        return i + 1;
    }
    if (t->kind != QK_NUM) return 0;
    v = t->num;
    j = i + 1;
    /* groups of three after a comma, or after a thin or plain space
     * ("40 000"), or the Indian 2-digit groups ("12,34,567") */
    if (t->ndig <= 3) {
        int indian = 0;
        for (;;) {
            if (QP(c, j, ',') && QADJ(c, j) && qnum(c, j + 1) && QADJ(c, j + 1) &&
                (Q(c, j + 1)->ndig == 3 || (Q(c, j + 1)->ndig == 2 && indian_run(c, j)))) {
                if (Q(c, j + 1)->ndig == 2) indian = 1;
                v = v * (Q(c, j + 1)->ndig == 3 ? 1000 : 100) + Q(c, j + 1)->num;
                j += 2;
            } else if (!indian && qnum(c, j) && !QADJ(c, j) && Q(c, j)->ndig == 3 &&
                       c->s[Q(c, j)->start - 1] != '\n' && Q(c, j)->start - Q(c, j - 1)->end <= 3 &&
                       !(QP(c, j + 1, '/') && QADJ(c, j + 1))) {
                /* "1 234 567": only when every group has three digits and
                 * the gap is one space (a thin space is three bytes) */
                size_t gap = Q(c, j)->start - Q(c, j - 1)->end;
                unsigned char g0 = (unsigned char)c->s[Q(c, j - 1)->end];
                if (!(gap == 1 && g0 == ' ') && !(gap == 3 && g0 == 0xE2) && !(gap == 2 && g0 == 0xC2))
                    break;
                v = v * 1000 + Q(c, j)->num;
                j++;
            } else {
                break;
            }
        }
    }
    int chain = QADJ(c, i) && (QP(c, i - 1, '.') || QP(c, i - 1, ',')) && qnum(c, i - 2) &&
                QADJ(c, i - 1); /* inside "192.168.1.2" or "22,24,26" */
    if (!chain && QP(c, j, '.') && QADJ(c, j) && qnum(c, j + 1) && QADJ(c, j + 1) &&
        !(QP(c, j + 2, '.') && QADJ(c, j + 2) && qnum(c, j + 3) && QADJ(c, j + 3))) {
        double f = Q(c, j + 1)->num;
        for (int k = 0; k < Q(c, j + 1)->ndig; k++) f /= 10;
        v += f;
        j += 2;
    } else if (QP(c, j, '.') && QADJ(c, j) && qnum(c, j + 1) && QADJ(c, j + 1)) {
        *val = v; /* "192.168.1.2": each part on its own */
        return j;
    } else if (!chain && QP(c, j, ',') && QADJ(c, j) && qnum(c, j + 1) && QADJ(c, j + 1) &&
               Q(c, j + 1)->ndig != 3 && j == i + 1 && !(QP(c, j + 2, ',') && QADJ(c, j + 2))) {
        /* "1,3", "5,00": a decimal comma */
        double f = Q(c, j + 1)->num;
        for (int k = 0; k < Q(c, j + 1)->ndig; k++) f /= 10;
        v += f;
        j += 2;
    }
    /* fractions: "3/4", "2 1/4", "2½" */
    if (j == i + 1 && QP(c, j, '/') && QADJ(c, j) && qnum(c, j + 1) && QADJ(c, j + 1) &&
        Q(c, j + 1)->num > 0 && !(QP(c, j + 2, '/') && QADJ(c, j + 2))) {
        v = v / Q(c, j + 1)->num;
        j += 2;
    } else if (qnum(c, j) && !QADJ(c, j) && QP(c, j + 1, '/') && QADJ(c, j + 1) && qnum(c, j + 2) &&
               QADJ(c, j + 2) && Q(c, j + 2)->num > Q(c, j)->num) {
        v += Q(c, j)->num / Q(c, j + 2)->num;
        j += 3;
    } else if (QP(c, j, 'v') && QADJ(c, j)) {
        v += Q(c, j)->num;
        j++;
    }
    /* "1e10", "1.3e6", "12.32e+14", "-12e-1" */
    if (Q(c, j)->kind == QK_WORD && QADJ(c, j) && Q(c, j)->len == 1 && Q(c, j)->lw[0] == 'e') {
        int k = j + 1, sg = 1;
        if ((QP(c, k, '+') || QP(c, k, '-')) && QADJ(c, k)) sg = QP(c, k, '-') ? -1 : 1, k++;
        if (qnum(c, k) && QADJ(c, k) && Q(c, k)->ndig <= 3 && !(Q(c, k + 1)->kind == QK_WORD &&
                                                                 QADJ(c, k + 1))) {
            v *= pow(10, sg * Q(c, k)->num);
            j = k + 1;
        }
    }
    *val = v;
    return j;
}

/* A number in words: "twenty-one", "one hundred and sixty-one", "two
 * thousand and two hundred", "a hundred", "two hundred point zero three".
 * Returns the token after it, or 0. */
static int frac_ahead(const qctx *c, int i);

static int rwords(const qctx *c, int i, double *val)
{
    double total = 0, cur = 0;
    int j = i, any = 0, last = 0; /* 1 unit, 2 teen, 3 tens, 4 hundred, 5 big scale */
    if ((QM(c, j) == MW_A || QM(c, j) == MW_AN) && Q(c, j + 1)->scale >= 2 &&
        Q(c, j + 1)->kind == QK_WORD && Q(c, j + 1)->len > 2) {
        cur = 1, last = 1, any = 1, j++;
    }
    for (;;) {
        const qtok *u = Q(c, j);
        if (u->kind != QK_WORD) break;
        if (u->iscard) {
            int v = u->card, cls = v < 10 ? 1 : v < 20 ? 2 : 3;
            if (any && !(last >= 4 || (last == 3 && cls == 1))) break;
            cur += v;
            last = cls, any = 1, j++;
            /* "sixty-one", "fifty - two" */
            if (cls == 3 && QP(c, j, '-') && Q(c, j + 1)->iscard && Q(c, j + 1)->card < 10 &&
                Q(c, j + 1)->card > 0) {
                cur += Q(c, j + 1)->card;
                last = 1, j += 2;
            }
        } else if (u->scale >= 2 && any && u->len > 2) {
            if (u->scale == 2) {
                if (last == 4) break;
                cur = (cur ? cur : 1) * 100;
                last = 4;
            } else if (last == 5 && !cur) {
                total *= pow(10, u->scale); /* "three lakh crore" */
            } else {
                total += (cur ? cur : 1) * pow(10, u->scale);
                cur = 0;
                last = 5;
            }
            j++;
        } else if (u->misc == MW_AND && last >= 4 && Q(c, j + 1)->iscard && !frac_ahead(c, j + 1)) {
            j++;
        } else {
            break;
        }
    }
    if (!any) return 0;
    double v = total + cur;
    /* "two hundred point zero three", "nine point nought four" */
    if (QM(c, j) == MW_POINT && Q(c, j + 1)->iscard && Q(c, j + 1)->card < 10) {
        double f = 0, scale = 0.1;
        int k = j + 1;
        while (Q(c, k)->iscard && Q(c, k)->card < 10) {
            f += Q(c, k)->card * scale;
            scale /= 10;
            k++;
        }
        if (Q(c, k)->iscard && Q(c, k)->card >= 10 && k == j + 1) {
            double tv;
            int e = rwords(c, k, &tv);
            if (e) {
                double d = 1;
                while (d <= tv) d *= 10;
                f = tv / d;
                k = e;
            }
        } else if (Q(c, k)->iscard && Q(c, k)->card >= 10) {
            /* "point seventy-one" after a zero run */
            double tv;
            int e = rwords(c, k, &tv);
            if (e) {
                double d = 1;
                while (d <= tv) d *= 10;
                f += tv / d * scale * 10;
                k = e;
            }
        }
        v += f;
        j = k;
    } else if (QM(c, j) == MW_POINT && Q(c, j + 1)->iscard && Q(c, j + 1)->card >= 10) {
        double tv;
        int e = rwords(c, j + 1, &tv);
        if (e) {
            double d = 1;
            while (d <= tv) d *= 10;
            v += tv / d;
            j = e;
        }
    }
    *val = v;
    return j;
}

/* The value of a denominator code: 250.. stand for 10^3, 10^6, ... */
static double denom_value(int d)
{
    return d < 250 ? d : pow(10, 3 * (d - 249));
}

/* A fraction in words after a whole number (or alone): "two thirds", "a
 * half", "three quarters", "five-eighths", "and a half", "one over
 * three". *val gets the value; returns the token after it or 0. */
static int rfraction(const qctx *c, int i, double *val)
{
    double n;
    int j;
    if (QM(c, i) == MW_A || QM(c, i) == MW_AN) {
        if (QM(c, i + 1) == MW_HALF) { *val = 0.5; return i + 2; }
        if (QM(c, i + 1) == MW_QUARTER) { *val = 0.25; return i + 2; }
        if (Q(c, i + 1)->denom) {
            *val = 1.0 / denom_value(Q(c, i + 1)->denom);
            return i + 2;
        }
        return 0;
    }
    if (QM(c, i) == MW_HALF && !(QM(c, i + 1) == MW_A || QM(c, i + 1) == MW_AN)) {
        *val = 0.5;
        return i + 1;
    }
    if (QM(c, i) == MW_QUARTER && Q(c, i + 1)->scale >= 3) {
        *val = 0.25; /* "quarter million" */
        return i + 1;
    }
    if (!Q(c, i)->iscard) return 0;
    n = Q(c, i)->card;
    j = i + 1;
    if (Q(c, i)->card >= 20 && QP(c, j, '-') && Q(c, j + 1)->iscard && Q(c, j + 1)->card < 10 &&
        Q(c, j + 2)->denom)
        n += Q(c, j + 1)->card, j += 2;
    int k = j;
    if (QP(c, k, '-')) k++;
    /* "two millionth" is not a fraction; "two millionths" is */
    if (Q(c, k)->denom && n > 1 && Q(c, k)->lw[Q(c, k)->len < 16 ? Q(c, k)->len - 1 : 0] != 's')
        return 0;
    if (Q(c, k)->denom || QM(c, k) == MW_QUARTER || QM(c, k) == MW_HALF) {
        double d = Q(c, k)->denom ? denom_value(Q(c, k)->denom) : QM(c, k) == MW_QUARTER ? 4 : 2;
        *val = n / d;
        return k + 1;
    }
    return 0;
}

/* Does a word fraction start at i ("three quarters", "fifty-four
 * hundredths", "one half")? */
static int frac_ahead(const qctx *c, int i)
{
    double f;
    return rfraction(c, i, &f) != 0;
}

/* A plain number: digits or words, with a fraction after a whole one
 * ("one and a half", "2 1/4", "twenty and three fifths"), a dozen
 * ("half a dozen", "3 dozens"), a scale ("2.5 million", "3bn", "10k")
 * and a sign ("-9.5", "minus five"). *glued is set when a scale or unit
 * letter touches the digits. Returns the token after it, or 0. */
static int rnumber(const qctx *c, int i, double *val, int *words)
{
    double v = 0, f;
    int j, neg = 0, e;
    *words = 0;
    if (QM(c, i) == MW_MINUS || QM(c, i) == MW_NEGATIVE) {
        if (!(e = rnumber(c, i + 1, &v, words))) return 0;
        *val = -v;
        return e;
    }
    if (QP(c, i, '-') && (qnum(c, i + 1) || QP(c, i + 1, '.')) &&
        !(QADJ(c, i) && (Q(c, i - 1)->kind == QK_WORD || Q(c, i - 1)->kind == QK_NUM))) {
        /* a sign, not the hyphen of "SCP-173" or "2-3" */
        neg = 1;
        i++;
    }
    if ((QM(c, i) == MW_A || QM(c, i) == MW_AN) && Q(c, i + 1)->dozen) {
        *val = 12; /* "a dozen" */
        return i + 2;
    }
    /* "half a dozen", "half a million" */
    if (QM(c, i) == MW_HALF && (QM(c, i + 1) == MW_A) && Q(c, i + 2)->dozen) {
        *val = 6;
        return i + 3;
    }
    if ((j = rfraction(c, i, &f)) != 0 && !(qnum(c, i))) {
        v = f;
        *words = 1;
        if (Q(c, j)->scale >= 3 && Q(c, j)->len > 1) {
            v *= pow(10, Q(c, j)->scale), j++;
        } else if (QM(c, j) == MW_OF && (QM(c, j + 1) == MW_A || QM(c, j + 1) == MW_AN) &&
                   Q(c, j + 2)->scale >= 3 && Q(c, j + 2)->len > 2) {
            v *= pow(10, Q(c, j + 2)->scale); /* "two thirds of a million" */
            j += 3;
        }
        *val = neg ? -v : v;
        return j;
    }
    if ((j = rdigits(c, i, &v)) == 0) {
        if ((j = rwords(c, i, &v)) == 0) return 0;
        *words = 1;
        /* a numerator in words over a denominator: "twenty one fifths",
         * "ninety-five hundred fifths" */
        int k = j + (QP(c, j, '-') && QADJ(c, j));
        if (Q(c, k)->denom && Q(c, k)->denom > 2 && (v <= 1 || Q(c, k)->lw[Q(c, k)->len < 16 ? Q(c, k)->len - 1 : 0] == 's')) {
            v /= denom_value(Q(c, k)->denom);
            *val = v;
            return k + 1;
        }
    }
    /* the fraction after the whole: "one and a half", "twenty and three
     * fifths", "five billion and three quarters" (of a billion), "one
     * billion and a half million" */
    if (QM(c, j) == MW_AND && (e = rfraction(c, j + 1, &f)) != 0 && f < 1) {
        int had = Q(c, j - 1)->scale >= 3 && Q(c, j - 1)->len > 2;
        double unit = had ? pow(10, Q(c, j - 1)->scale) : 1;
        if (Q(c, e)->scale >= 3 && Q(c, e)->len > 2) {
            if (!had) v *= pow(10, Q(c, e)->scale); /* "five and a half million" */
            unit = pow(10, Q(c, e)->scale), e++;
        }
        v += f * unit;
        j = e;
    }
    /* "two thirds of a million" */
    if (*words && v < 1 && QM(c, j) == MW_OF && (QM(c, j + 1) == MW_A || QM(c, j + 1) == MW_AN) &&
        Q(c, j + 2)->scale >= 3 && Q(c, j + 2)->len > 2) {
        v *= pow(10, Q(c, j + 2)->scale);
        j += 3;
    }
    /* dozens: "a dozen", "3 dozens", "three dozens" */
    if (Q(c, j)->dozen) {
        v *= 12;
        j++;
    } else if (Q(c, j)->vague == 12 && !(QM(c, j + 1) == MW_OF)) {
        v *= 12; /* "3 dozens" */
        j++;
    }
    /* "10G" (giga), "1MM" (a million in finance) */
    int at_end = Q(c, j + 1)->kind == QK_NONE || Q(c, j + 1)->kind == QK_PUNCT;
    if ((QADJ(c, j) || at_end) && (Q(c, j)->flags & QF_UPPER) && Q(c, j)->kind == QK_WORD &&
        (!strcmp(Q(c, j)->lw, "g") || !strcmp(Q(c, j)->lw, "mm")) &&
        !(Q(c, j + 1)->kind == QK_WORD && QADJ(c, j + 1))) {
        *val = (neg ? -v : v) * (Q(c, j)->lw[0] == 'g' ? 1e9 : 1e6);
        return j + 1;
    }
    /* scale words and letters: "2.5 million", "3bn", "10k", "1.2b" */
    const qtok *s = Q(c, j);
    if (s->scale >= 3 && (s->len > 2 || QADJ(c, j) || (s->flags & QF_UPPER) || s->scale >= 6 ||
                          (s->len == 1 && at_end))) {
        int ok = 1;
        /* a lower-case "m" or "t" stuck to a number is a metre or a
         * tonne ("1.8m", "180t") unless money comes before */
        if (s->len == 1 && (s->lw[0] == 'm' || s->lw[0] == 't') && !(s->flags & QF_UPPER) &&
            !(QP(c, i - 1, '$') || Q(c, i - 1)->cur))
            ok = 0;
        if (s->len <= 2 && !QADJ(c, j) && !(s->flags & QF_UPPER) && s->lw[0] != 'k' &&
            !(QP(c, i - 1, '$') || Q(c, i - 1)->cur))
            ok = 0;
        /* a spaced single letter only at the end: "2.33 k", not "10 m of" */
        if (s->len == 1 && !QADJ(c, j) && Q(c, j + 1)->kind == QK_WORD) ok = 0;
        if (s->len <= 3 && Q(c, j + 1)->kind == QK_WORD && QADJ(c, j + 1)) ok = 0; /* "3bnx" */
        if (ok) {
            v *= pow(10, s->scale);
            j++;
            /* "three lakh crore", "1 thousand million" */
            while (Q(c, j)->scale >= 5 && Q(c, j)->len > 2) v *= pow(10, Q(c, j)->scale), j++;
            /* "4 thousand 3 hundred and 21", "6 crore and two hundred" */
            double big = pow(10, s->scale);
            for (int guard = 0; guard < 4; guard++) {
                int k = j + (QM(c, j) == MW_AND), e2;
                double v2;
                if (!(qnum(c, k) || Q(c, k)->iscard)) break;
                e2 = qnum(c, k) ? rdigits(c, k, &v2) : rwords(c, k, &v2);
                if (!e2 || v2 != floor(v2)) break;
                if (Q(c, e2)->scale >= 2 && Q(c, e2)->len > 2) {
                    double s2 = pow(10, Q(c, e2)->scale);
                    if (s2 >= big || v2 * s2 >= big) break;
                    v += v2 * s2;
                    big = s2;
                    j = e2 + 1;
                } else if (v2 > 0 && (qnum(c, k) ? v2 < 100 && QM(c, j) == MW_AND : v2 < big)) {
                    if (Q(c, e2)->scale || Q(c, e2)->denom) break;
                    v += v2;
                    j = e2;
                    break;
                } else {
                    break;
                }
            }
            /* "3 million and a half" */
            if (QM(c, j) == MW_AND && (e = rfraction(c, j + 1, &f)) != 0 && f < 1) {
                v += f * pow(10, s->scale);
                j = e;
            }
        }
    } else if (s->scale == 2 && !*words && s->len > 2) {
        v *= 100; /* "322 hundred", "3 hundred and 21", "3 hundred and one" */
        j++;
        double v2;
        int e2 = QM(c, j) == MW_AND && qnum(c, j + 1) ? rdigits(c, j + 1, &v2) : 0;
        if (e2 && v2 > 0 && v2 < 100 && v2 == floor(v2) && !(Q(c, e2)->scale >= 2)) {
            v += v2;
            j = e2;
        } else if (QM(c, j) == MW_AND && Q(c, j + 1)->iscard) {
            e2 = rwords(c, j + 1, &v2);
            if (e2 && v2 < 100 && !(Q(c, e2)->scale >= 2)) v += v2, j = e2;
        }
    }
    *val = neg ? -v : v;
    return j;
}

size_t td_quantity_number(const char *text, size_t len, double *value)
{
    qctx c;
    memset(&c, 0, sizeof c);
    c.s = text, c.n = len;
    while (c.nt < QLOOK && q_scan(&c, &c.t[c.nt])) c.nt++;
    int words;
    int e = c.nt ? rnumber(&c, 0, value, &words) : 0;
    if (!e) {
        *value = 0;
        return 0;
    }
    return c.t[e - 1].end;
}

/* ---- Quantities ---------------------------------------------------------- */

typedef struct qm {
    int begin, end;          /* tokens */
    double value, low, high;
    char approx;
    int kind;
    const char *unit;        /* a fixed string, or NULL for the counted phrase */
    int cb, ce;              /* counted phrase, tokens [cb, ce) */
    int ab, ae;              /* what it is about */
} qm;

static const char *const month3[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static int is_month(const qtok *t)
{
    if (t->kind != QK_WORD || t->len < 3) return 0;
    for (int k = 0; k < 12; k++)
        if (strncmp(t->lw, month3[k], 3) == 0) {
            static const char *const full[] = {"january", "february", "march", "april", "may",
                                               "june", "july", "august", "september",
                                               "october", "november", "december"};
            if (t->len == 3 || strcmp(t->lw, full[k]) == 0 || strcmp(t->lw, "sept") == 0)
                return (t->flags & QF_CAP) || t->len == 3 ? 1 : 0;
        }
    return 0;
}

/* Is the number at [i, e) a date, a time, an ordinal or part of a code?
 * Those are for timex.c or for nobody. */
static int not_a_quantity(const qctx *c, int i, int e, double v)
{
    const qtok *t = Q(c, i), *n = Q(c, e);
    if (t->kind != QK_NUM) return 0;
    /* ordinals: 1st, 22nd, 3rd, 4th */
    if (n->kind == QK_WORD && QADJ(c, e) &&
        (strcmp(n->lw, "st") == 0 || strcmp(n->lw, "nd") == 0 || strcmp(n->lw, "rd") == 0 ||
         strcmp(n->lw, "th") == 0))
        return 1;
    /* times: 10:30, 10 a.m., 5pm */
    if (QP(c, e, ':') && QADJ(c, e) && qnum(c, e + 1)) return 1;
    if (n->kind == QK_WORD && (strcmp(n->lw, "am") == 0 || strcmp(n->lw, "pm") == 0 ||
                               ((strcmp(n->lw, "a") == 0 || strcmp(n->lw, "p") == 0) &&
                                QP(c, e + 1, '.') && Q(c, e + 2)->lw[0] == 'm')))
        return 1;
    /* dates: 5/17/2018, 2024-05-17, May 17, 17 May */
    if ((QP(c, e, '/') || QP(c, e, '-')) && QADJ(c, e) && qnum(c, e + 1) && QADJ(c, e + 1) &&
        (QP(c, e + 2, '/') || QP(c, e + 2, '-')) && QADJ(c, e + 2) && qnum(c, e + 3))
        return 1;
    if (e == i + 1 && v >= 1 && v <= 31 && t->ndig <= 2 && (is_month(Q(c, i - 1)) || is_month(n)))
        return 1;
    /* a year: four digits from 1800 to 2099, no grouping, not money, not
     * followed by a counted noun in the plural */
    if (e == i + 1 && t->ndig == 4 && v >= 1800 && v <= 2099 && !QP(c, i - 1, '$') &&
        !Q(c, i - 1)->cur && !n->scale && !n->pct && !QP(c, e, '%') && !n->unit) {
        if (n->kind == QK_WORD && !(n->flags & QF_CAP) && !n->stop && !n->misc && n->len > 3 &&
            n->lw[n->len < sizeof n->lw ? n->len - 1 : 0] == 's')
            return 0; /* "1900 troops" */
        return 1;
    }
    return 0;
}

/* Words that cannot be in a counted noun phrase. */
static int np_stop(const qtok *t)
{
    if (t->kind != QK_WORD) return 1;
    if (t->stop || t->approx || t->scale || t->vague) return 1;
    switch (t->misc) {
    case MW_OF: case MW_TO: case MW_IN: case MW_FOR: case MW_FROM: case MW_ON: case MW_THE:
    case MW_A: case MW_AN: case MW_BETWEEN: case MW_THAN: case MW_AT: case MW_PER: case MW_UP:
    case MW_OVER:
        return 1;
    }
    return 0;
}

static int plural_word(const qtok *t)
{
    static const char *const irregular[] = {"people", "children", "men", "women", "police",
                                            "personnel", "staff", "cattle", "sheep", "aircraft",
                                            "fish", "livestock", "civilians", "deer"};
    if (t->kind != QK_WORD || t->len < 3) return 0;
    for (size_t k = 0; k < sizeof irregular / sizeof irregular[0]; k++)
        if (strcmp(t->lw, irregular[k]) == 0) return 1;
    size_t l = t->len < sizeof t->lw ? t->len : 0;
    return l >= 3 && t->lw[l - 1] == 's' && t->lw[l - 2] != 's' && t->lw[l - 2] != 'u' &&
           t->lw[l - 2] != 'i';
}

/* Verbs and adverbs that follow a count and end its noun phrase:
 * "-ed", "-ing", "-ly" words. */
static int verbish(const qtok *t)
{
    size_t l = t->len < sizeof t->lw ? t->len : 0;
    if (l < 4) return 0;
    const char *w = t->lw;
    return (w[l - 2] == 'e' && w[l - 1] == 'd') || (w[l - 2] == 'l' && w[l - 1] == 'y') ||
           (l > 4 && w[l - 3] == 'i' && w[l - 2] == 'n' && w[l - 1] == 'g');
}

/* The counted noun phrase at i: "ballistic missiles and drones",
 * "troops", "employees". Ends after a plural head, or after a plural
 * head, "and"/"or" and another phrase with a plural head. */
static int counted_np(const qctx *c, int i, int plural, int *b, int *e)
{
    int j = i, head = 0;
    for (int k = 0; k < 4; k++, j++) {
        const qtok *t = Q(c, j);
        if (np_stop(t) || t->misc == MW_AND || t->misc == MW_OR || t->cur || t->pct) break;
        if (k > 0 && !QADJ(c, j) && verbish(t) && !plural_word(t)) break;
        if (plural_word(t) || (!plural && k == 0 && !verbish(t))) {
            head = j + 1;
            if (plural_word(t)) break;
        }
        if (QP(c, j + 1, '-') && QADJ(c, j + 1) && Q(c, j + 2)->kind == QK_WORD) j += 2;
    }
    if (!head) return 0;
    /* "missiles and drones", "killed and wounded" is not one */
    if ((QM(c, head) == MW_AND || QM(c, head) == MW_OR) && plural) {
        int j2 = head + 1, h2 = 0;
        for (int k = 0; k < 3; k++, j2++) {
            const qtok *t = Q(c, j2);
            if (np_stop(t) || t->misc == MW_AND || t->misc == MW_OR || verbish(t)) break;
            if (plural_word(t)) {
                h2 = j2 + 1;
                break;
            }
        }
        if (h2) head = h2;
    }
    *b = i, *e = head;
    return 1;
}

static void fix_bounds(qm *q)
{
    double v = q->value;
    switch (q->approx) {
    case '~': q->low = v * 0.9, q->high = v * 1.1; break;
    case '>': q->low = v, q->high = HUGE_VAL; break;
    case '<': q->high = v; break; /* low set by the word */
    default: q->low = q->high = v;
    }
    if (q->low > q->high) {
        double t = q->low;
        q->low = q->high, q->high = t;
    }
}

/* The approximator at i: its approx sign and where the number starts.
 * "about", "nearly", "more than", "at least", "up to", "as many as". */
static int rapprox(const qctx *c, int i, char *ap, double *lowk)
{
    const qtok *t = Q(c, i);
    int a = t->kind == QK_WORD ? t->approx : 0;
    *lowk = 0;
    switch (a) {
    case Q_ABOUT: case Q_ESTIMATED: *ap = '~'; return i + 1;
    case Q_SOME:
        *ap = '~';
        return i + 1;
    case Q_NEARLY: *ap = '<', *lowk = 0.9; return i + 1;
    case Q_OVER: *ap = '>'; return i + 1;
    case Q_UNDER: *ap = '<'; return i + 1;
    case Q_MORE: case Q_LESS: case Q_FEWER:
        if (QM(c, i + 1) != MW_THAN) return i;
        *ap = a == Q_MORE ? '>' : '<';
        return i + 2;
    case Q_AS: /* "as many as", "as much as", "as few as" */
        if (Q(c, i + 2)->approx == Q_AS && (QM(c, i + 1) == MW_MANY || strcmp(Q(c, i + 1)->lw, "much") == 0)) {
            *ap = '<';
            return i + 3;
        }
        return i;
    case Q_JUST: case Q_WELL:
        if (Q(c, i + 1)->approx == Q_OVER || Q(c, i + 1)->approx == Q_UNDER) {
            *ap = Q(c, i + 1)->approx == Q_OVER ? '>' : '<';
            if (*ap == '<' && a == Q_JUST) *lowk = 0.9;
            return i + 2;
        }
        return i;
    case Q_UPWARDS:
        if (QM(c, i + 1) == MW_OF) { *ap = '>'; return i + 2; }
        return i;
    case Q_NO:
        if ((Q(c, i + 1)->approx == Q_MORE || Q(c, i + 1)->approx == Q_LESS ||
             Q(c, i + 1)->approx == Q_FEWER) && QM(c, i + 2) == MW_THAN) {
            *ap = Q(c, i + 1)->approx == Q_MORE ? '<' : '>';
            return i + 3;
        }
        return i;
    }
    if (t->misc == MW_AT && Q(c, i + 1)->approx == Q_LEAST) { *ap = '>'; return i + 2; }
    if (t->misc == MW_AT && Q(c, i + 1)->approx == Q_MOST) { *ap = '<'; return i + 2; }
    if (t->misc == MW_UP && QM(c, i + 1) == MW_TO) { *ap = '<'; return i + 2; }
    if ((t->misc == MW_CLOSE) && QM(c, i + 1) == MW_TO) { *ap = '<', *lowk = 0.9; return i + 2; }
    return i;
}

/* A vague count at i: "hundreds", "tens of thousands", "dozens",
 * "several", "a few", "scores", "millions". Sets the range; returns the
 * token after it. */
static int rvague(const qctx *c, int i, double *low, double *high)
{
    const qtok *t = Q(c, i);
    int j = i;
    if (QM(c, j) == MW_TENS && QM(c, j + 1) == MW_OF && Q(c, j + 2)->vague >= 100) {
        /* "tens of thousands" */
        int v = Q(c, j + 2)->vague;
        double u = v == 100 ? 100 : v == 101 ? 1000 : 1e6;
        *low = 10 * u, *high = 99 * u;
        return j + 3;
    }
    if (t->vague >= 100 || t->vague == 12) {
        double u = t->vague == 100 ? 100 : t->vague == 101 ? 1000 : t->vague == 12 ? 12 : 1e6;
        /* "hundreds of thousands" */
        if (u == 100 && QM(c, j + 1) == MW_OF && Q(c, j + 2)->vague == 101) {
            *low = 2e5, *high = 999e3;
            return j + 3;
        }
        /* "dozens" 24..99, "hundreds" 200..999, "thousands" 2000..9999,
         * "millions" 2e6..999e6 */
        *low = 2 * u;
        *high = u == 12 ? 99 : u == 100 ? 999 : u == 1000 ? 9999 : 999e6;
        return j + 1;
    }
    if (QM(c, j) == MW_SEVERAL) { *low = 3, *high = 9; return j + 1; }
    if (QM(c, j) == MW_SCORES) { *low = 40, *high = 199; return j + 1; }
    if (QM(c, j) == MW_A && QM(c, j + 1) == MW_FEW) { *low = 2, *high = 5; return j + 2; }
    if (QM(c, j) == MW_A && QM(c, j + 1) == MW_COUPLE) {
        *low = *high = 2;
        return j + 2 + (QM(c, j + 2) == MW_OF);
    }
    return 0;
}

/* What comes after the number: a percent sign, a currency, a measure or
 * a counted noun phrase. Fills q; returns the token after it. */
static int rafter(const qctx *c, int j, qm *q, int plural)
{
    const qtok *t = Q(c, j);
    if (QP(c, j, '%')) {
        if (QADJ(c, j + 1) && (qnum(c, j + 1) || Q(c, j + 1)->kind == QK_WORD))
            return j; /* "%20" in a web address */
        q->kind = TD_QUANTITY_PERCENT, q->unit = "%";
        return j + 1;
    }
    if (t->pct || (QM(c, j) == MW_PER && QM(c, j + 1) == MW_CENT)) {
        q->kind = TD_QUANTITY_PERCENT, q->unit = "%";
        j += t->pct ? 1 : 2;
        if (QM(c, j) == MW_POINTS) j++;
        return j;
    }
    if (QM(c, j) == MW_PERCENTAGE && QM(c, j + 1) == MW_POINTS) {
        q->kind = TD_QUANTITY_PERCENT, q->unit = "percentage points";
        return j + 2;
    }
    if (QM(c, j) == MW_PERCENTAGE) {
        q->kind = TD_QUANTITY_PERCENT, q->unit = "%";
        return j + 1;
    }
    /* "10 $", "5 €" */
    if (QP(c, j, '$') && q->kind != TD_QUANTITY_MONEY &&
        !(qnum(c, j + 1) && (QADJ(c, j + 1) || !QADJ(c, j)))) {
        q->kind = TD_QUANTITY_MONEY, q->unit = currency[t->cur];
        return j + 1;
    }
    /* a currency word, maybe after a nation or a hyphen: "francs", "US
     * dollars", "Swiss francs", "a one-yen bid", "12-cent" */
    int k0 = j;
    if (QP(c, k0, '-') && QADJ(c, k0) && Q(c, k0 + 1)->cur && QADJ(c, k0 + 1)) k0++;
    if ((QM(c, k0) == MW_NATION || QM(c, k0) == MW_US) && Q(c, k0 + 1)->cur && Q(c, k0 + 1)->len > 2)
        k0++;
    else if (QM(c, k0) == MW_NATION && Q(c, k0 + 1)->kind == QK_WORD && Q(c, k0 + 2)->cur &&
             Q(c, k0 + 2)->len > 2)
        k0 += 2; /* "Hong Kong dollars", "New Zealand dollars" */
    const qtok *cw = Q(c, k0);
    if (cw->cur && (cw->len > 1 || QADJ(c, k0)) && q->kind != TD_QUANTITY_MONEY) {
        int cur = cw->cur;
        if (k0 > j && Q(c, k0 - 1)->kind == QK_WORD && cur == CUR_USD) {
            const char *nw = Q(c, k0 - 1)->lw;
            if (!strcmp(nw, "australian")) cur = CUR_AUD;
            else if (!strcmp(nw, "canadian")) cur = CUR_CAD;
            else if (!strcmp(nw, "singapore")) cur = CUR_SGD;
            else if (!strcmp(nw, "kong")) cur = CUR_HKD;
            else if (!strcmp(nw, "zealand")) cur = CUR_NZD;
        } else if (k0 > j && cur == CUR_FRANC && !strcmp(Q(c, k0 - 1)->lw, "swiss")) {
            cur = CUR_CHF;
        }
        q->kind = TD_QUANTITY_MONEY, q->unit = currency[cur];
        j = k0 + 1;
        /* "75 USD million", "30 MUSD" */
        if (Q(c, j)->scale >= 6 && Q(c, j)->len > 2) q->value *= pow(10, Q(c, j)->scale), j++;
        else if (cw->len == 4 && cw->lw[0] == 'm') q->value *= 1e6;
        /* "3 dollars 50 cents", "thirteen dollars and forty-five cents",
         * "15 dollars 50" */
        if (cur != CUR_CENT && cur != CUR_PENCE) {
            int k = j + (QM(c, j) == MW_AND), w2, e2;
            double v2;
            if ((qnum(c, k) || Q(c, k)->iscard) && (e2 = rnumber(c, k, &v2, &w2)) != 0 &&
                v2 > 0 && v2 < 100 && v2 == floor(v2) && !Q(c, e2)->scale &&
                (Q(c, e2)->cur == CUR_CENT || Q(c, e2)->kind == QK_NONE ||
                 (Q(c, e2)->kind == QK_PUNCT && Q(c, e2)->ch != '%'))) {
                q->value += v2 / 100;
                j = e2 + (Q(c, e2)->cur == CUR_CENT);
            }
        }
        return j;
    }
    if (QM(c, j) == MW_US && Q(c, j + 1)->cur == CUR_USD) {
        q->kind = TD_QUANTITY_MONEY, q->unit = "$";
        return j + 2;
    }
    if (q->kind == TD_QUANTITY_MONEY) return j; /* "$800 rebates": the money is the amount */
    /* measures: "10 km", "5 feet", "190,000 square meters", "100° C" */
    int k = j, sq = 0;
    if (QP(c, k, '-') && QADJ(c, k) && Q(c, k + 1)->unit && QADJ(c, k + 1)) k++; /* "3-inch" */
    if (QM(c, k) == MW_METRIC && Q(c, k + 1)->unit == U_T) k++;             /* "metric tons" */
    if (QM(c, k) == MW_SQUARE || QM(c, k) == MW_CUBIC) sq = QM(c, k), k++;
    if (strcmp(Q(c, k)->lw, "nautical") == 0 && Q(c, k + 1)->unit == U_MI) {
        q->kind = TD_QUANTITY_MEASURE, q->unit = measure[U_NMI];
        return k + 2;
    }
    if (Q(c, k)->unit) {
        int u = Q(c, k)->unit;
        /* a short unit must touch the number or be clearly a unit */
        if (Q(c, k)->len <= 2 && u != U_KM && u != U_KG && u != U_CM && u != U_MM && u != U_FT &&
            u != U_LB && u != U_MI && u != U_GW && u != U_MW && u != U_KW && u != U_MB &&
            u != U_GB && u != U_TB && u != U_ML && !QADJ(c, k))
            return j;
        if (sq == MW_SQUARE) u = u == U_KM ? U_KM2 : u == U_MI ? U_MI2 : u == U_M ? U_M2 : u;
        if (sq == MW_CUBIC && u == U_M) u = U_M3;
        if (u == U_DEGC && Q(c, k + 1)->kind == QK_WORD &&
            (Q(c, k + 1)->lw[0] == 'f') && Q(c, k + 1)->len <= 10)
            u = U_DEGF, k++;
        else if (u == U_DEGC && Q(c, k + 1)->kind == QK_WORD && Q(c, k + 1)->lw[0] == 'c' &&
                 Q(c, k + 1)->len <= 7)
            k++;
        /* a unit glued to more letters or digits is a code ("173m2x") */
        if (QADJ(c, k + 1) && (Q(c, k + 1)->kind == QK_WORD || qnum(c, k + 1))) return j;
        q->kind = TD_QUANTITY_MEASURE, q->unit = measure[u];
        k++;
        /* "188 miles an hour", "10 kilometers per hour" */
        if ((u == U_MI || u == U_KM) &&
            (QM(c, k) == MW_PER || QM(c, k) == MW_AN || QM(c, k) == MW_A) &&
            !strcmp(Q(c, k + 1)->lw, "hour")) {
            q->unit = measure[u == U_MI ? U_MPH : U_KMH];
            k += 2;
        }
        /* "5 feet 2 inches", "5 ft 2 in": in feet */
        if (u == U_FT) {
            int k2 = k + (QM(c, k) == MW_AND), w2, e2;
            double v2;
            if (qnum(c, k2) || Q(c, k2)->iscard) {
                e2 = rnumber(c, k2, &v2, &w2);
                if (e2 && v2 < 12 && (Q(c, e2)->unit == U_IN || !strcmp(Q(c, e2)->lw, "in"))) {
                    q->value += v2 / 12;
                    k = e2 + 1;
                }
            }
        }
        return k;
    }
    if (QP(c, j, 'o')) { /* "100° C", "40°F" */
        int f = Q(c, j + 1)->kind == QK_WORD && Q(c, j + 1)->lw[0] == 'f' && Q(c, j + 1)->len == 1;
        q->kind = TD_QUANTITY_MEASURE, q->unit = measure[f ? U_DEGF : U_DEGC];
        return j + 1 + (Q(c, j + 1)->kind == QK_WORD && Q(c, j + 1)->len == 1);
    }
    /* "of" + noun phrase after a vague count: "hundreds of missiles" */
    int b, e;
    if (QM(c, j) == MW_OF && plural == 2 && counted_np(c, j + 1, 1, &b, &e)) {
        q->kind = TD_QUANTITY_COUNT, q->cb = b, q->ce = e;
        return e;
    }
    if (counted_np(c, j, plural, &b, &e)) {
        q->kind = TD_QUANTITY_COUNT, q->cb = b, q->ce = e;
        return e;
    }
    return j;
}

/* A quantity starting at i. */
static int rquantity(const qctx *c, int i, qm *q)
{
    int j = i, e, words;
    double lowk = 0;
    memset(q, 0, sizeof *q);
    q->approx = '=';
    q->begin = i;
    q->cb = q->ce = q->ab = q->ae = -1;
    j = rapprox(c, i, &q->approx, &lowk);
    if (j == i && QM(c, i) == MW_BETWEEN && (qnum(c, i + 1) || Q(c, i + 1)->iscard ||
                                            QP(c, i + 1, '$')))
        j = i + 1; /* "between 200 and 300" */
    /* a currency before: "$2.5 million", "US$ 1MM", "€ 2 million", "Rs 500" */
    int cur = 0;
    if (QP(c, j, '$')) {
        cur = Q(c, j)->cur;
        const qtok *p = Q(c, j - 1);
        if (cur == CUR_USD && j == i && QADJ(c, j) && p->kind == QK_WORD && p->len <= 3 &&
            (p->flags & QF_CAP)) {
            /* "US$", "HK$", "Mex$", "A$": the letters name the dollar */
            if (!strcmp(p->lw, "hk")) cur = CUR_HKD;
            else if (!strcmp(p->lw, "mx") || !strcmp(p->lw, "mex")) cur = CUR_MXN;
            else if (!strcmp(p->lw, "a") || !strcmp(p->lw, "au")) cur = CUR_AUD;
            else if (!strcmp(p->lw, "c") || !strcmp(p->lw, "ca")) cur = CUR_CAD;
            else if (!strcmp(p->lw, "r")) cur = CUR_BRL;
            q->begin = j - 1;
        }
        j++;
    } else if (Q(c, j)->cur && Q(c, j)->len <= 3 && (Q(c, j)->flags & QF_UPPER) &&
               (qnum(c, j + 1) || QP(c, j + 1, '$'))) {
        cur = Q(c, j)->cur; /* "USD 500", "Rs 500" */
        j++;
        if (QP(c, j, '$')) j++;
    } else if (QM(c, j) == MW_US && QP(c, j + 1, '$')) {
        cur = CUR_USD;
        j += 2;
    }
    double v, lo = 0, hi = 0;
    int vague = 0;
    if ((e = rvague(c, j, &lo, &hi)) != 0 && !cur) {
        vague = 1;
        q->value = lo;
        q->low = lo, q->high = hi;
        if (q->approx == '=') q->approx = '~';
    } else if ((e = rnumber(c, j, &v, &words)) != 0) {
        if (!words && not_a_quantity(c, j, e, v)) return 0;
        /* "one" alone is often a pronoun ("the one you mentioned") */
        if (words && e == j + 1 && Q(c, j)->iscard && Q(c, j)->card == 1 &&
            (Q(c, j - 1)->misc == MW_THE || Q(c, j - 1)->stop || Q(c, j)->flags & QF_CAP ||
             Q(c, e)->stop || Q(c, j - 1)->lw[0] == '\0' || strcmp(Q(c, j - 1)->lw, "which") == 0))
            return 0;
        q->value = v;
    } else {
        return 0;
    }
    /* a range: "200 to 300", "200-300", "between 200 and 300", "200 or 300" */
    int rng = 0;
    if (!vague) {
        int k = e;
        int between = QM(c, i) == MW_BETWEEN || QM(c, j - 1) == MW_BETWEEN;
        if ((QM(c, k) == MW_TO && !between) || (QM(c, k) == MW_AND && between) ||
            (QP(c, k, '-') && QADJ(c, k) && QADJ(c, k + 1)) || QM(c, k) == MW_OR) {
            double v2;
            int w2, e2 = rnumber(c, k + 1 + (QP(c, k + 1, '$') ? 1 : 0), &v2, &w2);
            int orok = QM(c, k) != MW_OR ||
                       (v2 <= 10 * q->value && !(Q(c, e2 - 1)->scale) && !(Q(c, e - 1)->scale));
            if (e2 && v2 > q->value && (!w2 || words) && orok && !not_a_quantity(c, k + 1, e2, v2)) {
                /* "2 to 3 million": the scale of the second applies */
                if (v2 / q->value > 1000 && Q(c, e2 - 1)->scale >= 3)
                    q->value *= pow(10, Q(c, e2 - 1)->scale);
                q->low = q->value, q->high = v2;
                e = e2;
                rng = 1;
            }
        }
    }
    q->end = e;
    if (cur) q->kind = TD_QUANTITY_MONEY, q->unit = currency[cur];
    int plural = vague ? 2 : fabs(q->value) != 1;
    e = rafter(c, e, q, plural);
    if (!q->kind) q->kind = TD_QUANTITY_NUMBER;
    q->end = e;
    /* what an amount or a share is of: "$2 billion in aid", "30% of the vote" */
    if ((q->kind == TD_QUANTITY_MONEY || q->kind == TD_QUANTITY_PERCENT) &&
        (QM(c, e) == MW_IN || QM(c, e) == MW_OF || QM(c, e) == MW_FOR)) {
        int k = e + 1, b, e2;
        if (QM(c, k) == MW_THE) k++;
        if (counted_np(c, k, 1, &b, &e2)) q->ab = e + 1, q->ae = e2;
        else if (Q(c, k)->kind == QK_WORD && !np_stop(Q(c, k))) q->ab = e + 1, q->ae = k + 1;
    }
    if (!rng && !vague) fix_bounds(q);
    else if (vague && q->approx == '>') q->high = HUGE_VAL;
    if (q->approx == '<' && !rng && !vague) q->low = q->value * lowk;
    return q->end;
}

static void q_emit(const qctx *c, const qm *q, td_quantity *out)
{
    memset(out, 0, sizeof *out);
    out->start = c->t[q->begin].start;
    out->end = c->t[q->end - 1].end;
    out->value = q->value;
    out->low = q->low;
    out->high = q->high;
    out->approx = q->approx;
    out->kind = q->kind;
    if (q->unit) {
        snprintf(out->unit, sizeof out->unit, "%s", q->unit);
    } else if (q->cb >= 0) {
        size_t a = c->t[q->cb].start, b = c->t[q->ce - 1].end, l = b - a;
        if (l >= sizeof out->unit) l = sizeof out->unit - 1;
        /* cut at a character boundary */
        while (l > 0 && ((unsigned char)c->s[a + l] & 0xC0) == 0x80) l--;
        memcpy(out->unit, c->s + a, l);
        out->unit[l] = '\0';
    }
    if (q->cb >= 0) out->counts_start = c->t[q->cb].start, out->counts_end = c->t[q->ce - 1].end;
    if (q->ab >= 0) out->about_start = c->t[q->ab].start, out->about_end = c->t[q->ae - 1].end;
}

static int qplain(const qtok *t)
{
    return t->kind == QK_WORD && !(t->iscard | t->scale | t->denom | t->dozen | t->vague |
                                   t->approx | t->cur | t->unit | t->pct | t->stop | t->misc);
}

int td_quantity_find(const char *text, size_t len, td_quantity *out, size_t max, size_t *n)
{
    qctx c;
    *n = 0;
    pthread_once(&qlex_once, qlex_build);
    if (!text) return TD_QUANTITY_OK;
    memset(&c, 0, sizeof c);
    c.s = text, c.n = len;
    while (c.nt < QWIN && q_scan(&c, &c.t[c.nt])) c.nt++;
    int i = 0;
    for (;;) {
        if (i + QLOOK > c.nt && c.pos < c.n) {
            int drop = i - QKEEP;
            if (drop > 0) {
                memmove(c.t, c.t + drop, (size_t)(c.nt - drop) * sizeof c.t[0]);
                c.nt -= drop;
                i -= drop;
            }
            while (c.nt < QWIN && q_scan(&c, &c.t[c.nt])) c.nt++;
        }
        if (i >= c.nt) break;
        qm q;
        /* a number glued to letters before it is a code ("SCP-173" is a
         * number, "A320" is not) */
        if (qnum(&c, i) && QADJ(&c, i) && Q(&c, i - 1)->kind == QK_WORD) {
            i++;
            continue;
        }
        /* inside a run of numbers ("1111-2222-3333", "30%25%20") or a web
         * address ("?q=30") */
        if (qnum(&c, i) && QADJ(&c, i) && Q(&c, i - 1)->kind == QK_PUNCT &&
            (strchr("%=&?/#_", Q(&c, i - 1)->ch) ||
             (QP(&c, i - 1, '-') && qnum(&c, i - 2) && QADJ(&c, i - 1)))) {
            i++;
            continue;
        }
        /* a word the lexicon does not know starts no quantity: most words */
        if (qplain(&c.t[i]) || !rquantity(&c, i, &q) || q.end <= i) {
            i++;
            continue;
        }
        if (*n >= max) return TD_QUANTITY_FULL;
        q_emit(&c, &q, &out[*n]);
        (*n)++;
        i = q.end;
    }
    return TD_QUANTITY_OK;
}

const char *td_quantity_kind_name(int kind)
{
    switch (kind) {
    case TD_QUANTITY_COUNT: return "count";
    case TD_QUANTITY_MONEY: return "money";
    case TD_QUANTITY_PERCENT: return "percent";
    case TD_QUANTITY_MEASURE: return "measure";
    }
    return "number";
}
