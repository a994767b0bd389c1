package dev.footfall.commit;




/** How far an import has got in one file, committed atomically with the events it covers. */
public record ImportMark(String fingerprint, String site, String fileName, long linesDone) {}
