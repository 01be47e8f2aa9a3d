"""The provider API the libraries' sites call for e-books and e-audiobooks (Publizon's
Library API, publizon-adapter.yaml), served under /publizon over reol.digital."""
