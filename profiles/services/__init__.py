"""Write services of the profiles app, one module per concept. Every write goes through them."""
