<!doctype html>
<html lang="fr">
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #161616; max-width: 36em;">
  <p>Bonjour,</p>
  <p>Un compte d'administration de la plateforme Relais a été créé pour {{ email | escape }}.</p>
  <p><a href="{{ link | escape }}" style="display: inline-block; background: #000091; color: #ffffff; padding: 0.75em 1.5em; text-decoration: none;">Choisir mon mot de passe</a></p>
  <p style="font-size: 14px;">Ce lien est valable 24 heures, une seule fois. Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br>{{ link | escape }}</p>
  <p>Relais</p>
</body>
</html>
