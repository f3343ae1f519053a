"""Whether chip and data are genuine: chip and active authentication, passive authentication
against the CSCA trust store."""
