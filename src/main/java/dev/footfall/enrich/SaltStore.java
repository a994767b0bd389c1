package dev.footfall.enrich;

import java.time.LocalDate;
import java.util.Map;

/** Where the daily visitor-id salts are kept while they are in use (see {@link DailySalts}). */
public interface SaltStore {

    Map<LocalDate, byte[]> salts();

    void putSalt(LocalDate day, byte[] salt);

    void deleteSaltsBefore(LocalDate day);
}
