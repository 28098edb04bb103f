using System.Collections.Frozen;

namespace Vimercate.Subscribers;

/// <summary>The Italian and English words of <see cref="KeywordRules"/>, in normalised form (see <see cref="KeywordMatcher.Normalize"/>).</summary>
internal static class CitizenWords
{
    /// <summary>
    /// Words and word sequences that ask to stop, besides the configured phrases: what citizens write, and what other
    /// municipalities' services and SMS services document as their stop words.
    /// </summary>
    public static readonly string[][] Stop = Split(
        // Italian: imperatives, nouns and infinitives.
        "stop", "basta", "annulla", "annullare", "cancella", "cancellami", "cancellare", "cancellarmi", "cancellazione",
        "disattiva", "disattivami", "disattivare", "disattivazione", "disiscrivi", "disiscrivimi", "disiscrivere",
        "disiscrivermi", "disiscrizione", "rimuovi", "rimuovimi", "togli", "toglimi", "smetti", "smettete", "smettetela",
        "smettere", "esci", "uscire", "revoca", "revoco",

        // Italian: "I do not want any more", "do not send me any more".
        "non voglio piu", "non voglio ricevere", "non desidero piu", "non desidero ricevere", "non mandate piu",
        "non mandatemi piu", "non inviate piu", "non inviatemi piu", "non scrivetemi piu",

        // English.
        "unsubscribe", "cancel", "optout", "opt out", "stopall", "end", "quit", "remove me");

    /// <summary>
    /// Words that say nothing about what the citizen wants besides courtesy, grammar or the service itself: a message
    /// made of a stop word and these is an opt-out, and the subscribe phrase with these is an opt-in.
    /// </summary>
    public static readonly FrozenSet<string> Neutral = Words(
        // Courtesy and greetings.
        "grazie", "mille", "tante", "infinite", "favore", "perfavore", "cortesia", "cortesemente", "gentilmente", "prego",
        "pf", "pls", "plz", "please", "thanks", "thank", "thx", "ciao", "salve", "buongiorno", "buonasera", "buonanotte",
        "arrivederci", "saluti", "cordiali", "distinti", "hi", "hello", "ok", "okay", "si", "bene", "va",

        // Italian articles, prepositions, pronouns and conjunctions.
        "il", "lo", "la", "l", "i", "gli", "le", "un", "uno", "una", "di", "a", "da", "in", "con", "su", "per", "tra",
        "fra", "del", "dello", "della", "dei", "degli", "delle", "al", "allo", "alla", "ai", "agli", "alle", "dal",
        "dallo", "dalla", "dai", "dagli", "dalle", "nel", "nella", "mi", "me", "ti", "te", "ci", "ce", "vi", "ve", "io",
        "noi", "voi", "mio", "mia", "miei", "mie", "vostro", "vostra", "vostri", "vostre", "questo", "questa", "questi",
        "queste", "e", "ed", "o", "anche", "pure",

        // What the citizen asks for, and when.
        "voglio", "vorrei", "desidero", "chiedo", "posso", "potete", "potreste", "come", "faccio", "fare", "ricevere",
        "mandare", "inviare", "mandarmi", "inviarmi", "scrivermi", "piu", "ora", "adesso", "subito", "tutto", "tutti",
        "tutte", "definitivamente",

        // The service itself.
        "servizio", "messaggi", "messaggio", "notifiche", "notifica", "comunicazioni", "avvisi", "iscrizione",
        "iscritto", "iscritta", "consenso", "lista", "elenco", "numero", "whatsapp", "info", "informazioni", "newsletter", "canale",
        "comune", "citta",

        // English.
        "my", "you", "your", "the", "to", "from", "of", "for", "this", "all", "and", "now", "want", "would", "like",
        "do", "can", "how", "send", "sending", "receive", "receiving", "messages", "message", "texts", "list", "service",
        "subscription", "number");

    /// <summary>Words that ask to join: beside the subscribe phrase they keep it an opt-in ("Vorrei iscrivermi a Vimercate Info").</summary>
    public static readonly FrozenSet<string> Join = Words(
        "iscrivimi", "iscrivermi", "iscrivere", "iscriviti", "iscriversi", "attiva", "attivami", "attivare", "aggiungimi",
        "aggiungere", "subscribe", "join", "start");

    private static string[][] Split(params string[] terms) => terms.Select(term => term.Split(' ')).ToArray();

    private static FrozenSet<string> Words(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);
}
