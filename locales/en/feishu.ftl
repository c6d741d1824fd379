# Feishu (issue 19): Feishu has no "share my phone" button; the bot checks the mobile in the tenant's directory.
onboard-feishu-no-mobile = Your mobile number could not be read from the Feishu directory (it has none for you, or the app may not read it), so you cannot be verified automatically. Please ask the administrator to add your mobile to the directory, or to give you an invite code, then send /start followed by the code.
# Feishu has no "send my location" button: a location is sent from the ＋ menu beside the input box.
feishu-send-location = 📍 To send your location on Feishu: tap ＋ beside the input box → Location, then send it.
