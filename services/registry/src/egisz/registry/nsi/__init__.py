"""Reference books (НСИ): the dictionaries the registers speak in, by OID and version, loaded
from the Ministry of Health's reference-book service (ФНСИ) or shipped as a starter set."""
