//! Stopword lists shared by the stages that weigh words (topics, claim
//! matching): stopwords-iso Indonesian (MIT, `datasets/lexicons`) and
//! English function words. They hold negators and intensifiers (tidak,
//! bukan, sangat, not): never strip them before sentiment.

/// stopwords-iso Indonesian, one word a line.
pub const ID: &str = include_str!("../../datasets/lexicons/stopwords-id.txt");

/// English function words (written for suara), separated by spaces.
pub const EN: &str = "a about above after again against all am an and any are as at be because been \
before being below between both but by can could did do does doing down during each few for from further \
had has have having he her here hers herself him himself his how i if in into is it its itself just me \
more most my myself no nor not now of off on once only or other our ours ourselves out over own same she \
should so some such than that the their theirs them themselves then there these they this those through \
to too under until up very was we were what when where which while who whom why will with would you your \
yours yourself yourselves";

/// Every word of both lists.
pub fn words() -> impl Iterator<Item = &'static str> {
    ID.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).chain(EN.split_whitespace())
}
